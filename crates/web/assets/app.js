// rapport's own script. Every page works without it; it adds search as you type on the
// People list, "tick everyone" for bulk actions, and saving a select as soon as it changes.
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

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("[data-live-search]");
    for (var i = 0; i < inputs.length; i++) liveSearch(inputs[i]);
    setUpSelectAll(document);
    var forms = document.querySelectorAll("form[data-autosubmit]");
    for (var j = 0; j < forms.length; j++) autoSubmit(forms[j]);
  });
})();
