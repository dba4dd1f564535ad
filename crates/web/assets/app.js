// rapport's own script. Every page works without it; it adds search as you type on the
// People list, "tick everyone" for bulk actions, saving a select as soon as it changes, the
// linter's results as you type in the editors (with copy and a live mailto: link), the
// meeting timer on the capture page, and a progress bar while a file uploads.
(function () {
  "use strict";

  // Search as you type: re-runs the list's GET form 250 ms after the last keystroke and
  // swaps in the results part only.
  function liveSearch(input) {
    var form = input.form;
    var target = document.querySelector(input.getAttribute("data-live-search"));
    if (!form || !target) return;
    var timer = null;
    var latest = 0;
    function run() {
      var params = new URLSearchParams(new FormData(form));
      params.delete("page");
      var query = params.toString();
      var ticket = ++latest;
      fetch(form.action + "?" + query + (query ? "&" : "") + "partial=1", {
        headers: { "Accept": "text/html" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      }).then(function (html) {
        if (ticket !== latest) return; // A newer search is on its way.
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(target.id);
        if (!fresh) return;
        target.replaceWith(fresh);
        target = fresh;
        setUpSelectAll(document);
        history.replaceState(null, "", form.action + (query ? "?" + query : ""));
      }).catch(function () {
        // The plain form still works: nothing to do.
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
  }

  // "Tick everyone on this page" for the bulk actions.
  function setUpSelectAll(root) {
    var all = root.querySelector("#select-all");
    if (!all) return;
    all.hidden = false;
    all.addEventListener("change", function () {
      var boxes = document.querySelectorAll("#bulk input[name=id]");
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
    });
  }

  // Forms marked data-autosubmit save as soon as one of their selects changes.
  function autoSubmit(form) {
    form.addEventListener("change", function (event) {
      if (event.target && event.target.tagName === "SELECT") {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  }

  // The editors: post the text to the linter 400 ms after the last keystroke and swap in the
  // results; keep the mailto: link in step with the text; copy the text on request.
  function liveLint(form) {
    var target = document.querySelector(form.getAttribute("data-lint"));
    if (!target) return;
    var timer = null;
    var latest = 0;
    var mailto = document.querySelector(form.getAttribute("data-mailto"));
    var to = form.getAttribute("data-to") || "";
    function updateMailto() {
      if (!mailto) return;
      var subject = form.elements.subject ? form.elements.subject.value : "";
      var text = form.elements.text ? form.elements.text.value : "";
      mailto.href = "mailto:" + encodeURIComponent(to).replace(/%40/g, "@") +
        "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(text.replace(/\r?\n/g, "\r\n"));
    }
    function run() {
      var params = new URLSearchParams(new FormData(form));
      params.set("action", "lint");
      var ticket = ++latest;
      fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: params.toString(),
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      }).then(function (html) {
        if (ticket !== latest) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(target.id);
        if (!fresh) return;
        var open = target.querySelector("details[open]") !== null;
        target.replaceWith(fresh);
        target = fresh;
        if (open) {
          var details = target.querySelector("details");
          if (details) details.open = true;
        }
      }).catch(function () {
        // The Check button still works: nothing to do.
      });
    }
    form.addEventListener("input", function () {
      updateMailto();
      clearTimeout(timer);
      timer = setTimeout(run, 400);
    });
    var copy = form.querySelector("[data-copy]");
    var said = form.querySelector("[data-copied]");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var field = document.querySelector(copy.getAttribute("data-copy"));
        if (!field) return;
        navigator.clipboard.writeText(field.value).then(function () {
          if (said) said.textContent = "Copied. Paste it into your mail or LinkedIn.";
        }, function () {
          if (said) said.textContent = "Your browser did not allow copying; select the text and copy it.";
        });
      });
    }
  }

  // The meeting timer: a running time box with soft cues at 75% and 90%. It never extends
  // the meeting; past the end it says so and keeps counting.
  function meetingTimer(box) {
    var length = parseInt(box.getAttribute("data-length"), 10);
    if (!(length > 0)) return;
    box.hidden = false;
    var elapsedText = box.querySelector("[data-elapsed]");
    var bar = box.querySelector("[data-bar]");
    var progress = box.querySelector("[role=progressbar]");
    var cueText = box.querySelector("[data-cue]");
    var start = box.querySelector("[data-start]");
    var pause = box.querySelector("[data-pause]");
    var blocks = document.querySelectorAll(".agenda-blocks .block");
    var cues = [];
    var cueItems = document.querySelectorAll(".cues li");
    for (var i = 0; i < cueItems.length; i++) {
      cues.push({ at: parseInt(cueItems[i].getAttribute("data-at"), 10), text: cueItems[i].textContent });
    }
    var startedAt = null;
    var banked = 0;
    var tick = null;
    function seconds() {
      return banked + (startedAt === null ? 0 : (Date.now() - startedAt) / 1000);
    }
    function clock(s) {
      s = Math.floor(s);
      return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    }
    function draw() {
      var s = seconds();
      elapsedText.textContent = clock(s);
      var share = Math.min(s / length, 1);
      bar.style.width = (share * 100).toFixed(1) + "%";
      progress.setAttribute("aria-valuenow", String(Math.floor(Math.min(s, length))));
      var cue = "";
      for (var j = 0; j < cues.length; j++) if (s >= cues[j].at) cue = cues[j].text;
      if (s >= length) {
        cue = "Time is up. Thank them, make your offer, and let them go: the meeting is not extended.";
        box.classList.add("late");
      }
      if (cueText.textContent !== cue) cueText.textContent = cue;
      for (var k = 0; k < blocks.length; k++) {
        var from = parseInt(blocks[k].getAttribute("data-start"), 10);
        var to = parseInt(blocks[k].getAttribute("data-end"), 10);
        blocks[k].classList.toggle("now", s >= from && s < to);
        blocks[k].classList.toggle("past", s >= to);
      }
    }
    start.addEventListener("click", function () {
      if (startedAt !== null) return;
      startedAt = Date.now();
      tick = setInterval(draw, 500);
      start.hidden = true;
      pause.hidden = false;
      draw();
    });
    pause.addEventListener("click", function () {
      if (startedAt === null) return;
      banked = seconds();
      startedAt = null;
      clearInterval(tick);
      pause.hidden = true;
      start.hidden = false;
      start.textContent = "Resume";
      draw();
    });
  }

  // File uploads: send with a progress bar, then show the page the server answers with.
  function uploadProgress(form) {
    var bar = form.querySelector("progress");
    var said = form.querySelector("[data-upload-status]");
    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) return;
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("x-csrf-token", form.getAttribute("data-csrf") || "");
      if (bar) { bar.hidden = false; bar.value = 0; }
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        if (bar) bar.value = e.loaded / e.total * 100;
        if (said) said.textContent = "Uploading: " + Math.round(e.loaded / e.total * 100) + "%";
      });
      request.addEventListener("load", function () {
        var doc = new DOMParser().parseFromString(request.responseText, "text/html");
        var fresh = doc.querySelector("main");
        var current = document.querySelector("main");
        if (!fresh || !current) {
          if (said) said.textContent = "The server answered " + request.status + "; reload the page.";
          return;
        }
        current.replaceWith(fresh);
        document.title = doc.title;
        fresh.focus();
        var more = fresh.querySelectorAll("form[data-upload]");
        for (var m = 0; m < more.length; m++) uploadProgress(more[m]);
      });
      request.addEventListener("error", function () {
        if (said) said.textContent = "The upload failed; check the server is running and try again.";
      });
      request.send(data);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var editors = document.querySelectorAll("form[data-lint]");
    for (var e = 0; e < editors.length; e++) liveLint(editors[e]);
    var timers = document.querySelectorAll("[data-timer]");
    for (var t = 0; t < timers.length; t++) meetingTimer(timers[t]);
    var uploads = document.querySelectorAll("form[data-upload]");
    for (var u = 0; u < uploads.length; u++) uploadProgress(uploads[u]);
    var inputs = document.querySelectorAll("[data-live-search]");
    for (var i = 0; i < inputs.length; i++) liveSearch(inputs[i]);
    setUpSelectAll(document);
    var forms = document.querySelectorAll("form[data-autosubmit]");
    for (var j = 0; j < forms.length; j++) autoSubmit(forms[j]);
  });
})();
