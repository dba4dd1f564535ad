//! The word lists the checks match against, as phrase patterns (see [`super::text::find`]:
//! space-separated elements, `|` for alternatives, a trailing `*` for a prefix).

/// E2: words that make a first note read as a job request. The §4.4 lexicon, with the plural
/// forms its regex leaves out (`positions`, `applications`, `résumés`, `CVs`) added.
pub(crate) const JOB_WORDS: &[&str] = &[
    "job|jobs",
    "position|positions",
    "opening|openings",
    "vacanc*",
    "hiring",
    "hire me",
    "apply|applying",
    "application|applications",
    "referr*",
    "resume|resumes",
    "cv|cvs",
    "opportunity|opportunities at|with|on",
];

/// E4, F2, T6: phrases that turn a sentence into a request.
pub(crate) const REQUEST_CUES: &[&str] = &[
    "may i",
    "could i",
    "can i",
    "might i",
    "would you",
    "could you",
    "can you",
    "might you",
    "would it be possible",
    "would it be ok|okay|alright",
    "are you open",
    "are you available",
    "do you have time",
    "could we",
    "can we",
    "would you mind",
];

/// E5: words that name a narrow interest in the reader's own team, firm or role.
pub(crate) const NARROW_CUES: &[&str] = &[
    "your team|teams|group|department|role|firm|company|organization|organisation|unit|division|lab|practice|desk|business|product|products|project|projects|work|path|career|experience|position|function",
];

/// E5: words that name a broad interest (an industry or a function).
pub(crate) const BROAD_CUES: &[&str] =
    &["industry|industries|field|fields|sector|sectors|profession|discipline|market|markets|function|functions"];

/// E6: first-person and second-person words. Only the bare pronouns count as first person:
/// contractions such as "I'm" carry a verb, and the §4.13 worked example (AT-3) counts a
/// sentence with two of them and one "you" as about the reader.
pub(crate) const FIRST_PERSON: &[&str] = &["i", "me", "my", "mine", "myself"];
pub(crate) const SECOND_PERSON: &[&str] = &["you", "your", "yours", "yourself"];

/// E7, F4: words that announce an attachment.
pub(crate) const ATTACHMENT_WORDS: &[&str] = &["attached|attaching|attachment|attachments|enclosed"];

/// E7: link hosts that share files, so a link there is an attachment by another name.
pub(crate) const FILE_HOSTS: &[&str] = &[
    "drive.google.com",
    "docs.google.com",
    "dropbox.com",
    "onedrive.live.com",
    "1drv.ms",
    "box.com",
    "wetransfer.com",
    "we.tl",
    "icloud.com",
];

/// E10: phrases that fail outright.
pub(crate) const BANNED_PHRASES: &[&str] =
    &["pick your brain|brains", "to whom it may concern", "dear sir|madam", "dear sir madam", "dear sir or|and madam"];

/// E10: phrases that only weaken a note.
pub(crate) const WEAK_PHRASES: &[&str] = &[
    "hope this|the email|message|note finds you well",
    "hope this|the email|message|note finds you",
    "let me know if you're interested",
    "let me know if you are interested",
];

/// E12: phrases that claim a connection, which must then map to a verified affinity.
pub(crate) const CLAIM_CUES: &[&str] = &[
    "alum|alums|alumni|alumna|alumnus|alumnae",
    "graduate of",
    "graduated from",
    "studied at",
    "we both",
    "both of us",
    "we share",
    "mutual",
    "suggested i|that",
    "recommended i|that",
    "pointed me",
    "introduced me",
    "put me in touch",
    "we met",
    "we've met",
    "met you",
    "also worked at",
    "both worked",
    "used to work at",
    "former colleague|colleagues",
    "member of",
];

/// E12, E3, E11: phrases that refer to something the reader published or presented.
pub(crate) const CONTENT_CUES: &[&str] = &[
    "your article|articles|post|posts|talk|talks|paper|papers|podcast|piece|pieces|newsletter|presentation|panel|interview|book|blog|video|videos|webinar|keynote|thread",
    "your recent|latest|new article|articles|post|posts|talk|talks|paper|papers|podcast|piece|pieces|newsletter|presentation|panel|interview|book|blog|video|videos|webinar|keynote|thread",
    "i read your",
    "i heard you",
    "i saw your",
];

/// E14: words that propose a time before the reader has agreed to talk.
pub(crate) const SCHEDULING_CUES: &[&str] = &[
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays",
    "tomorrow",
    "calendly",
    "my calendar",
    "book a|some time|slot|call",
    "grab a|some time|slot",
    "my availability",
    "i'm free|available on|at",
    "i am free|available on|at",
];

/// F3: phrases that make the reader feel guilty for not answering.
pub(crate) const GUILT_PHRASES: &[&str] = &[
    "just bumping",
    "bumping this|this up",
    "bump this",
    "did you see|get my last|previous|earlier email|message|note",
    "haven't heard back",
    "have not heard back",
    "never heard back",
    "didn't hear back",
    "not heard back",
    "in case you missed",
    "as per my last",
    "just checking in",
    "just following up",
    "still waiting",
];

/// T3: phrases that state an action taken or planned on the reader's advice.
pub(crate) const ACTION_CUES: &[&str] = &[
    "i'll",
    "i will",
    "i'm going to",
    "i am going to",
    "i plan|intend to",
    "i'm planning|starting",
    "i am planning|starting",
    "my next step",
    "i've started|signed|reached|booked|ordered|added|downloaded|set|begun|written|sent|read|joined|registered|enrolled|emailed|contacted|bought|subscribed|updated|scheduled|installed|drafted|messaged|tried|made|created|picked",
    "i've|i already|just",
    "i have already|just",
    "i started|signed|reached|booked|ordered|joined|registered|enrolled|emailed|contacted|bought|subscribed|drafted",
];

/// T5: phrases that offer help in return.
pub(crate) const OFFER_CUES: &[&str] = &[
    "happy|glad|delighted to help|return",
    "if i can help|ever",
    "anything i can do",
    "return the favor|favour",
    "how i can help",
    "i'd be glad|happy to",
    "i would be glad|happy to",
    "my offer stands",
    "i can help",
    "i'd love to help",
];

/// T6: phrases that make a request even without a question mark.
pub(crate) const SOFT_ASK_CUES: &[&str] = &[
    "i was wondering if",
    "i'm wondering if",
    "would you mind",
    "it would be great if you",
    "if you could",
    "i'd love it if you",
    "any chance",
    "please send|introduce|refer|forward|review|connect|share|pass|put|keep|consider|look",
];

/// T6: referral talk that pressures a reader who said "let me think".
pub(crate) const REFERRAL_PRESSURE: &[&str] = &[
    "referr*",
    "refer me",
    "put in a word",
    "put a word in",
    "recommend me",
    "vouch",
    "hiring manager",
    "keep me in mind",
    "any update|news on|about",
];

/// T1: phrases that acknowledge a late note.
pub(crate) const DELAY_CUES: &[&str] =
    &["sorry for|about the delay|late", "belated", "apologies for|about the delay|late", "later than i"];

/// E8: number words a time ask may use.
pub(crate) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("ten", 10),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("ninety", 90),
];
