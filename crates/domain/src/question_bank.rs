//! rapport's own question bank for informational interviews (§2.3, §4.6.1), written in our
//! own words, and the picker that chooses the 5–10 questions for one meeting.
//!
//! Every built-in question has a stable id: a UUIDv5 of its slug under [`NAMESPACE`]. The id
//! never changes while the slug stays the same, so "already asked to this person" survives
//! restarts, exports and imports. **Never rename a slug**; retire a question by removing it
//! and add a new one under a new slug.
//!
//! Question texts may hold placeholders (`{organization}`, `{role}`, `{title}`, `{targets}`,
//! `{skill}`, `{background}`, `{affinity}`, `{name}`) that [`Fill`] replaces with what the
//! store knows, or with a bracketed prompt for the seeker to complete.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use uuid::Uuid;

use crate::ValidationError;
use crate::ids::QuestionId;
use crate::people::Person;
use crate::questions::{Question, QuestionCategory};
use crate::word_enum;

/// The namespace of built-in question ids. Fixed forever: changing it would change every id.
pub const NAMESPACE: Uuid = Uuid::from_u128(0xe537fdd9_9a50_4f55_8172_53ade589787e);

/// A situation a question suits. `Any` suits every meeting; the others suit a meeting only
/// when the situation holds (the seeker is a student, the person is a recruiter, …).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Applies {
    Any,
    CareerChanger,
    Student,
    Phd,
    /// There is an opening at the person's employer.
    Opening,
    /// The person is a recruiter or headhunter.
    Recruiter,
    /// The person is senior (a lead, head, director or above).
    Senior,
    Startup,
    LargeCompany,
    Remote,
}

impl Applies {
    /// Every situation, in declaration order.
    pub const ALL: &'static [Applies] = &[
        Applies::Any,
        Applies::CareerChanger,
        Applies::Student,
        Applies::Phd,
        Applies::Opening,
        Applies::Recruiter,
        Applies::Senior,
        Applies::Startup,
        Applies::LargeCompany,
        Applies::Remote,
    ];

    /// The tag word, as stored in `Question::tags` and typed on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applies::Any => "any",
            Applies::CareerChanger => "career-changer",
            Applies::Student => "student",
            Applies::Phd => "phd",
            Applies::Opening => "opening",
            Applies::Recruiter => "recruiter",
            Applies::Senior => "senior",
            Applies::Startup => "startup",
            Applies::LargeCompany => "large-company",
            Applies::Remote => "remote",
        }
    }

    /// Parses a tag word; `career_changer`, `Career Changer` and `career-changer` all work.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let wanted = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        Self::ALL.iter().copied().find(|a| a.as_str() == wanted).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|a| a.as_str()).collect();
            ValidationError::new(
                "question_tag",
                format!("`{raw}` is not a question tag; use one of: {}", names.join(", ")),
            )
        })
    }
}

impl fmt::Display for Applies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Applies {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Whether a bank entry is asked as a question or said as a line (the no-pressure fallback).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Form {
    Ask,
    Say,
}

word_enum! {
    /// The two senses of TIARA's second A (§1.5): the typical work of the role, or something
    /// for the seeker to do next. The product offers both, labelled apart.
    pub enum AssignmentSense ("assignment sense") {
        Work = "work",
        Homework = "homework",
    }
}

impl AssignmentSense {
    /// The label shown beside an Assignments question.
    pub fn label(self) -> &'static str {
        match self {
            AssignmentSense::Work => "the work itself",
            AssignmentSense::Homework => "something to do next",
        }
    }
}

/// One built-in question (or scripted line).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BankQuestion {
    /// The stable name the id derives from. Never renamed.
    pub slug: &'static str,
    pub category: QuestionCategory,
    pub form: Form,
    pub tags: &'static [Applies],
    /// The wording, with placeholders.
    pub text: &'static str,
    /// For Assignments questions: which sense of the letter.
    pub sense: Option<AssignmentSense>,
}

impl BankQuestion {
    const fn ask(slug: &'static str, category: QuestionCategory, tags: &'static [Applies], text: &'static str) -> Self {
        Self { slug, category, form: Form::Ask, tags, text, sense: None }
    }

    const fn assignment(
        slug: &'static str,
        sense: AssignmentSense,
        tags: &'static [Applies],
        text: &'static str,
    ) -> Self {
        Self { slug, category: QuestionCategory::Assignments, form: Form::Ask, tags, text, sense: Some(sense) }
    }

    /// The stable id: UUIDv5 of the slug under [`NAMESPACE`].
    pub fn id(&self) -> QuestionId {
        QuestionId::from_uuid(Uuid::new_v5(&NAMESPACE, self.slug.as_bytes()))
    }

    /// True when the entry suits a meeting with these situations.
    pub fn suits(&self, situations: &BTreeSet<Applies>) -> bool {
        suits(self.tags, situations)
    }

    /// The question as a record, e.g. to seed the store's question table. Built-in questions
    /// have no owner.
    pub fn to_question(&self, created_at: Timestamp) -> Question {
        Question {
            id: self.id(),
            owner: None,
            created_at,
            text: self.text.to_string(),
            category: self.category,
            tags: self.tags.iter().map(|t| t.as_str().to_string()).collect(),
        }
    }
}

fn suits(tags: &[Applies], situations: &BTreeSet<Applies>) -> bool {
    tags.is_empty() || tags.iter().any(|t| *t == Applies::Any || situations.contains(t))
}

use Applies::{Any, CareerChanger, LargeCompany, Opening, Phd, Recruiter, Remote, Senior, Startup, Student};
use QuestionCategory as C;

/// The mandatory close of every meeting (§2.4): asking how the seeker can help them. It is
/// asked at every meeting, so the never-repeat rule does not apply to it.
pub const RECIPROCITY_CLOSE: BankQuestion = BankQuestion::ask(
    "reciprocity-how-can-i-help",
    C::Reciprocity,
    &[Any],
    "Before we wrap up, is there anything I could do that would be useful to you?",
);

/// Asked in the deferred close (§4.6.4): permission to follow up.
pub const FOLLOW_UP_PERMISSION: BankQuestion = BankQuestion::ask(
    "reciprocity-follow-up-ok",
    C::Reciprocity,
    &[Any],
    "Would you mind if I got back in touch in a few weeks to share what I did with your suggestions?",
);

/// Asked in the deferred close (§4.6.4): how they want to hear about progress.
pub const KEEP_POSTED: BankQuestion = BankQuestion::ask(
    "reciprocity-keep-posted",
    C::Reciprocity,
    &[Any],
    "How would you like me to let you know what comes of your advice?",
);

/// The opening close, step 1: the qualification question.
pub const QUALIFICATION: BankQuestion = BankQuestion::ask(
    "close-qualification",
    C::OpeningClose,
    &[Opening],
    "Based on what you now know about me, would I be a credible candidate for the {title} role?",
);

/// The opening close, step 2: offering the job description.
pub const SEND_JOB_DESCRIPTION: BankQuestion = BankQuestion::ask(
    "close-send-posting",
    C::OpeningClose,
    &[Opening],
    "Would it be useful if I sent you the posting for the {title} role?",
);

/// The opening close, step 3: the referral or introduction ask, with an explicit out.
pub const REFERRAL_ASK: BankQuestion = BankQuestion::ask(
    "close-referral-with-out",
    C::OpeningClose,
    &[Opening],
    "Would you be willing to put my name forward to the hiring manager, or to introduce me? If that's awkward in any way, please just say so; I'll understand completely. Would either work for you?",
);

/// The opening close when they hesitate: said, not asked, and never chased.
pub const NO_PRESSURE: BankQuestion = BankQuestion {
    slug: "close-no-pressure",
    category: C::OpeningClose,
    form: Form::Say,
    tags: &[Opening],
    text: "Of course, there's no obligation at all. I'll send the posting along anyway so you have it to hand.",
    sense: None,
};

static BANK: &[BankQuestion] = &[
    // Warm-up and rapport.
    BankQuestion::ask(
        "warmup-what-drew-you",
        C::Warmup,
        &[Any],
        "What first drew you to {organization}, and what keeps the work interesting for you now?",
    ),
    BankQuestion::ask(
        "warmup-career-turns",
        C::Warmup,
        &[Any],
        "Would you walk me through the turns your career took on the way to your current role?",
    ),
    BankQuestion::ask(
        "warmup-shared-link",
        C::Warmup,
        &[Any],
        "We both have a connection to {affinity}; what part did it play in where you ended up?",
    ),
    BankQuestion::ask(
        "warmup-recent-news",
        C::Warmup,
        &[Any, LargeCompany],
        "I read about the recent news at {organization}; how has it felt from the inside?",
    ),
    BankQuestion::ask(
        "warmup-this-week",
        C::Warmup,
        &[Any],
        "What has been the most interesting thing on your plate this week?",
    ),
    BankQuestion::ask(
        "warmup-remote-team",
        C::Warmup,
        &[Remote],
        "How does your team stay connected while working remotely, and what makes that work?",
    ),
    BankQuestion::ask(
        "warmup-startup-stage",
        C::Warmup,
        &[Startup],
        "What convinced you to join {organization} at the stage it was at then?",
    ),
    // Trends.
    BankQuestion::ask(
        "trends-market-shifts",
        C::Trends,
        &[Any],
        "Which changes in your market are shaping your team's priorities this year?",
    ),
    BankQuestion::ask(
        "trends-wider-economy",
        C::Trends,
        &[Any],
        "Where do you feel the wider economy, such as interest rates, new regulation or AI, in your team's plans?",
    ),
    BankQuestion::ask(
        "trends-momentum",
        C::Trends,
        &[Any],
        "Which parts of this field are gaining momentum, and which are cooling off?",
    ),
    BankQuestion::ask(
        "trends-role-change",
        C::Trends,
        &[Any],
        "How do you expect roles like yours to change over the next few years?",
    ),
    BankQuestion::ask(
        "trends-competitors",
        C::Trends,
        &[Any, LargeCompany],
        "Which competitors or newcomers are people at {organization} watching most closely?",
    ),
    BankQuestion::ask(
        "trends-new-demand",
        C::Trends,
        &[Student, CareerChanger],
        "Where do you see demand for newcomers growing in this field?",
    ),
    BankQuestion::ask(
        "trends-next-milestone",
        C::Trends,
        &[Startup],
        "What would have to go right for {organization} to reach its next big milestone?",
    ),
    BankQuestion::ask(
        "trends-leadership-bets",
        C::Trends,
        &[Senior],
        "Which bets is leadership making now that will shape the next couple of years?",
    ),
    BankQuestion::ask(
        "trends-recruiter-market",
        C::Trends,
        &[Recruiter],
        "From the searches you run, which skills are employers competing hardest for right now?",
    ),
    // Insights.
    BankQuestion::ask(
        "insights-unexpected",
        C::Insights,
        &[Any],
        "What about your job turned out differently from what you expected going in?",
    ),
    BankQuestion::ask(
        "insights-typical-week",
        C::Insights,
        &[Any],
        "What does a normal week look like for you, and how much of it goes as planned?",
    ),
    BankQuestion::ask(
        "insights-energy",
        C::Insights,
        &[Any],
        "Which parts of the work give you energy, and which parts wear you down?",
    ),
    BankQuestion::ask(
        "insights-who-thrives",
        C::Insights,
        &[Any],
        "What sets apart the people who do especially well on your team?",
    ),
    BankQuestion::ask(
        "insights-decisions",
        C::Insights,
        &[Any, Senior],
        "How does your team choose what to work on, and how does it know when it has succeeded?",
    ),
    BankQuestion::ask(
        "insights-people",
        C::Insights,
        &[Any],
        "How would you describe the people you work with and the way they work together?",
    ),
    BankQuestion::ask(
        "insights-company-size",
        C::Insights,
        &[LargeCompany, Startup],
        "How does the size of {organization} shape the way you get things done?",
    ),
    BankQuestion::ask(
        "insights-first-screen",
        C::Insights,
        &[Recruiter],
        "What do the candidates who get past your first screen tend to have in common?",
    ),
    BankQuestion::ask(
        "insights-versus-academia",
        C::Insights,
        &[Phd],
        "How do the pace and style of the work here compare with academic research?",
    ),
    BankQuestion::ask(
        "insights-routine-share",
        C::Insights,
        &[CareerChanger, Student],
        "Which parts of the work feel like routine upkeep, and how much of your week goes to them?",
    ),
    // Advice.
    BankQuestion::ask(
        "advice-start-this-month",
        C::Advice,
        &[Any],
        "If I wanted to be ready for a role like yours a year from now, what should I start on this month?",
    ),
    BankQuestion::ask(
        "advice-in-my-place",
        C::Advice,
        &[Any],
        "Knowing what you know now, what would you do next if you were in my position?",
    ),
    BankQuestion::ask(
        "advice-looking-back",
        C::Advice,
        &[Any],
        "Looking back on your own path, what would you do differently if you were starting today?",
    ),
    BankQuestion::ask(
        "advice-where-i-fit",
        C::Advice,
        &[Any, CareerChanger],
        "From what I've told you about my background in {background}, which kind of role would suit me best, and which gap should I work on first?",
    ),
    BankQuestion::ask(
        "advice-undervalued-strengths",
        C::Advice,
        &[CareerChanger],
        "Which strengths from {background} tend to be overlooked in this field, and how would you present them?",
    ),
    BankQuestion::ask(
        "advice-worthwhile-training",
        C::Advice,
        &[Student, CareerChanger],
        "Which courses or certificates are actually worth the time for someone coming into this field?",
    ),
    BankQuestion::ask(
        "advice-advice-that-held",
        C::Advice,
        &[Any],
        "What is a piece of career advice that has held up well for you?",
    ),
    BankQuestion::ask(
        "advice-describe-research",
        C::Advice,
        &[Phd],
        "How should I describe my research experience so that it makes sense to a hiring team here?",
    ),
    BankQuestion::ask(
        "advice-new-graduate",
        C::Advice,
        &[Student],
        "What would you look for in someone applying straight out of school?",
    ),
    BankQuestion::ask(
        "advice-senior-path",
        C::Advice,
        &[Senior],
        "For someone hoping to grow into a role like yours, which experiences matter most to collect early?",
    ),
    // Resources.
    BankQuestion::ask(
        "resources-read-next",
        C::Resources,
        &[Any],
        "What should I read, watch or follow next to understand this field better?",
    ),
    BankQuestion::ask(
        "resources-communities",
        C::Resources,
        &[Any],
        "Which groups, newsletters or events do people in your role genuinely find worthwhile?",
    ),
    BankQuestion::ask(
        "resources-tools",
        C::Resources,
        &[Any],
        "Which tools or methods should I get comfortable with before I talk to hiring teams?",
    ),
    BankQuestion::ask(
        "resources-associations",
        C::Resources,
        &[CareerChanger, Student],
        "Is there a professional association or meetup where I could meet people doing this work?",
    ),
    BankQuestion::ask(
        "resources-company-writing",
        C::Resources,
        &[LargeCompany],
        "Does {organization} publish anything, such as a blog, talks or reports, that shows how your team works?",
    ),
    BankQuestion::ask(
        "resources-research-bridges",
        C::Resources,
        &[Phd],
        "Are there programs or fellowships that help researchers move into roles like this one?",
    ),
    BankQuestion::ask(
        "resources-remote-listings",
        C::Resources,
        &[Remote],
        "Where do good remote roles in this field tend to get shared?",
    ),
    // Assignments, in both senses.
    BankQuestion::assignment(
        "assignments-core-projects",
        AssignmentSense::Work,
        &[Any],
        "Which projects take up most of your time, and which of them matter most?",
    ),
    BankQuestion::assignment(
        "assignments-first-half-year",
        AssignmentSense::Work,
        &[Any],
        "If someone joined your team as a {role}, what would fill their first half-year?",
    ),
    BankQuestion::assignment(
        "assignments-strong-start",
        AssignmentSense::Work,
        &[Any],
        "What does a strong first three months look like for a new hire on your team?",
    ),
    BankQuestion::assignment(
        "assignments-open-problem",
        AssignmentSense::Work,
        &[Any],
        "Which open problem would your team most like to see solved?",
    ),
    BankQuestion::assignment(
        "assignments-proof-task",
        AssignmentSense::Work,
        &[Student, CareerChanger],
        "What kind of task or case would convince you that someone could do this job?",
    ),
    BankQuestion::assignment(
        "assignments-senior-outcomes",
        AssignmentSense::Work,
        &[Senior],
        "Which two or three outcomes will your team be judged on this year?",
    ),
    BankQuestion::assignment(
        "assignments-try-before-next-talk",
        AssignmentSense::Homework,
        &[Any],
        "Is there something you'd suggest I try or build before we next speak?",
    ),
    BankQuestion::assignment(
        "assignments-progress-to-show",
        AssignmentSense::Homework,
        &[Any],
        "If I came back to you in a couple of months, what progress would you hope to see?",
    ),
    // Help map: people at target employers, sought-after skills, recruiters, anyone else.
    BankQuestion::ask(
        "help-map-people-at-targets",
        C::HelpMap,
        &[Any],
        "I'm also looking at {targets}; do you know anyone there who might be up for a short conversation?",
    ),
    BankQuestion::ask(
        "help-map-scarce-skills",
        C::HelpMap,
        &[Any],
        "Which skills are in short supply for roles like {role}, and which get more credit than they deserve?",
    ),
    BankQuestion::ask(
        "help-map-their-skill",
        C::HelpMap,
        &[Any],
        "You know a lot about {skill}; how much does it count when teams hire for {role}?",
    ),
    BankQuestion::ask(
        "help-map-trusted-recruiters",
        C::HelpMap,
        &[Any],
        "Is there a recruiter or search firm in this area whose judgement you trust?",
    ),
    BankQuestion::ask(
        "help-map-recruiter-peers",
        C::HelpMap,
        &[Recruiter],
        "Which other recruiters or hiring managers should I get to know for {role} roles?",
    ),
    BankQuestion::ask(
        "help-map-who-else",
        C::HelpMap,
        &[Any],
        "Who else do you think I should be talking to as I explore this?",
    ),
    BankQuestion::ask(
        "help-map-last-hire",
        C::HelpMap,
        &[Any],
        "When your team last hired, how did the person you chose come to you?",
    ),
    BankQuestion::ask(
        "help-map-referral-program",
        C::HelpMap,
        &[Opening, LargeCompany],
        "Does {organization} have a way for employees to recommend candidates, and how does it work in practice?",
    ),
    BankQuestion::ask(
        "help-map-introduction",
        C::HelpMap,
        &[Any],
        "Would an introduction to {name} be easy for you, or would you rather I just mention that you suggested I write?",
    ),
    BankQuestion::ask(
        "help-map-hiring-team",
        C::HelpMap,
        &[Opening],
        "Who leads the team behind the {title} opening, and how do they like to be approached?",
    ),
    // The opening close (§4.6.4).
    QUALIFICATION,
    SEND_JOB_DESCRIPTION,
    REFERRAL_ASK,
    NO_PRESSURE,
    BankQuestion::ask(
        "close-hiring-steps",
        C::OpeningClose,
        &[Opening],
        "What would you expect the hiring process for the {title} role to look like?",
    ),
    // Reciprocity and next steps.
    RECIPROCITY_CLOSE,
    BankQuestion::ask(
        "reciprocity-lend-a-hand",
        C::Reciprocity,
        &[Any],
        "Are you working on anything right now where I could be useful, say with an introduction or some of my time?",
    ),
    KEEP_POSTED,
    FOLLOW_UP_PERMISSION,
    BankQuestion::ask(
        "reciprocity-what-i-missed",
        C::Reciprocity,
        &[Any],
        "Is there anything I should have asked you today but didn't?",
    ),
];

/// The heading of a question category, as shown to the seeker.
pub fn category_label(category: QuestionCategory) -> &'static str {
    match category {
        QuestionCategory::Warmup => "Warm-up",
        QuestionCategory::Trends => "T: Trends",
        QuestionCategory::Insights => "I: Insights",
        QuestionCategory::Advice => "A: Advice",
        QuestionCategory::Resources => "R: Resources",
        QuestionCategory::Assignments => "A: Assignments",
        QuestionCategory::HelpMap => "Help map",
        QuestionCategory::OpeningClose => "The opening",
        QuestionCategory::Reciprocity => "Reciprocity and next steps",
    }
}

/// The whole built-in bank, in meeting order within each category.
pub fn bank() -> &'static [BankQuestion] {
    BANK
}

/// The built-in question with this slug.
pub fn by_slug(slug: &str) -> Option<&'static BankQuestion> {
    BANK.iter().find(|q| q.slug == slug)
}

/// The built-in question with this id.
pub fn by_id(id: QuestionId) -> Option<&'static BankQuestion> {
    BANK.iter().find(|q| q.id() == id)
}

/// The values that replace placeholders in question texts. A missing value becomes a
/// bracketed prompt, such as `[the role you want]`, for the seeker to complete.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fill {
    /// Their employer's name: `{organization}`.
    pub organization: Option<String>,
    /// The role the seeker wants: `{role}`.
    pub role: Option<String>,
    /// The seeker's background in a phrase: `{background}`.
    pub background: Option<String>,
    /// A few of the seeker's target employers, already joined: `{targets}`.
    pub targets: Option<String>,
    /// A skill the person knows well: `{skill}`.
    pub skill: Option<String>,
    /// The title of the opening at their employer: `{title}`.
    pub title: Option<String>,
    /// Something the seeker and the person share: `{affinity}`.
    pub affinity: Option<String>,
    /// Someone they mention in the meeting: `{name}` (usually known only in the moment).
    pub name: Option<String>,
}

impl Fill {
    fn lookup(&self, key: &str) -> Option<(Option<&str>, &'static str)> {
        let (value, prompt) = match key {
            "organization" => (&self.organization, "[their employer]"),
            "role" => (&self.role, "[the role you want]"),
            "background" => (&self.background, "[your background in a phrase]"),
            "targets" => (&self.targets, "[two or three of your target employers]"),
            "skill" => (&self.skill, "[a subject they know well]"),
            "title" => (&self.title, "[the job title]"),
            "affinity" => (&self.affinity, "[what you have in common]"),
            "name" => (&self.name, "[the person they mention]"),
            _ => return None,
        };
        Some((value.as_deref().map(str::trim).filter(|v| !v.is_empty()), prompt))
    }

    /// The text with every known placeholder replaced. Unknown `{words}` stay as written.
    pub fn apply(&self, text: &str) -> String {
        self.walk(text).0
    }

    /// How many placeholders in `text` this fill cannot resolve.
    pub fn unresolved(&self, text: &str) -> usize {
        self.walk(text).1
    }

    fn walk(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut missing = 0;
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return (out, missing);
            };
            let key = &after[..close];
            match self.lookup(key) {
                Some((Some(value), _)) => out.push_str(value),
                Some((None, prompt)) => {
                    missing += 1;
                    out.push_str(prompt);
                }
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        (out, missing)
    }
}

/// What the seeker's own situation is; the store does not hold these as fields, so the
/// caller says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeekerSituation {
    pub career_changer: bool,
    pub student: bool,
    /// A PhD student or researcher moving out of academia.
    pub phd: bool,
}

/// Where a picked question came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuestionOrigin {
    /// rapport's built-in bank.
    Bank,
    /// The seeker's own bank.
    Own,
}

/// A question chosen for a meeting, with its placeholders filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickedQuestion {
    pub id: QuestionId,
    pub category: QuestionCategory,
    pub text: String,
    pub origin: QuestionOrigin,
    pub sense: Option<AssignmentSense>,
}

impl PickedQuestion {
    /// The picked form of a built-in question.
    pub fn from_bank(question: &BankQuestion, fill: &Fill) -> Self {
        Self {
            id: question.id(),
            category: question.category,
            text: fill.apply(question.text),
            origin: QuestionOrigin::Bank,
            sense: question.sense,
        }
    }
}

/// The help-map asks proper (§4.6.2): people at the seeker's target employers, sought-after
/// skills, recruiters they trust, anyone else to speak with. The required help-map slot takes
/// one of these (or one of the seeker's own help-map questions) before the hiring-process
/// questions that share the category.
pub const HELP_MAP_ASKS: [&str; 6] = [
    "help-map-people-at-targets",
    "help-map-scarce-skills",
    "help-map-their-skill",
    "help-map-trusted-recruiters",
    "help-map-recruiter-peers",
    "help-map-who-else",
];

/// The fewest questions a pick holds: one per TIARA letter plus one help-map ask.
pub const MIN_PICK: usize = 6;
/// The most questions a pick holds (§2.3: 5–10 per meeting).
pub const MAX_PICK: usize = 10;

/// The slots every pick fills first, in this order.
pub const REQUIRED_SLOTS: [QuestionCategory; 6] = [
    QuestionCategory::Trends,
    QuestionCategory::Insights,
    QuestionCategory::Advice,
    QuestionCategory::Resources,
    QuestionCategory::Assignments,
    QuestionCategory::HelpMap,
];

/// How many questions suit a meeting of this length: about one per two minutes of
/// question time, within [`MIN_PICK`]..=[`MAX_PICK`].
pub fn suggested_count(duration_min: u16) -> usize {
    match duration_min {
        0..=15 => 6,
        16..=25 => 7,
        26..=35 => 8,
        36..=50 => 9,
        _ => 10,
    }
}

/// Everything the picker looks at.
#[derive(Clone, Copy, Debug)]
pub struct PickInput<'a> {
    /// The person: their title (for seniority), recruiter flag and tags. Their skills and
    /// employer reach the pick through `fill`.
    pub person: &'a Person,
    /// True when there is an opening at their employer.
    pub opening_at_employer: bool,
    pub seeker: SeekerSituation,
    /// Situations the store does not record as fields, such as `startup`, `large-company`
    /// or `remote`.
    pub extra_situations: &'a [Applies],
    /// Ids of every question already asked to this person. None is picked again.
    pub asked_before: &'a [QuestionId],
    /// The seeker's own questions: eligible, and preferred when they suit the meeting.
    pub own_questions: &'a [Question],
    /// How many to pick; clamped to [`MIN_PICK`]..=[`MAX_PICK`].
    pub count: usize,
    /// Placeholder values.
    pub fill: &'a Fill,
}

/// The questions picked for a meeting, in meeting order, and the required slots nothing
/// was left to fill (every question of that kind was already asked to this person).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    pub questions: Vec<PickedQuestion>,
    pub gaps: Vec<QuestionCategory>,
}

/// The situations that hold for a meeting, `Any` included.
pub fn situations(input: &PickInput<'_>) -> BTreeSet<Applies> {
    let mut set = BTreeSet::from([Applies::Any]);
    let seeker = input.seeker;
    for (holds, tag) in [
        (seeker.career_changer, Applies::CareerChanger),
        (seeker.student, Applies::Student),
        (seeker.phd, Applies::Phd),
        (input.opening_at_employer, Applies::Opening),
        (input.person.recruiter, Applies::Recruiter),
        (is_senior(input.person), Applies::Senior),
    ] {
        if holds {
            set.insert(tag);
        }
    }
    set.extend(input.person.tags.iter().filter_map(|t| Applies::parse(t.as_str()).ok()));
    set.extend(input.extra_situations.iter().copied());
    set
}

/// True for a lead, head, director, vice president, chief or partner, or someone at least
/// two levels above where the seeker would start.
pub fn is_senior(person: &Person) -> bool {
    const WORDS: [&str; 11] =
        ["senior", "sr", "lead", "principal", "staff", "head", "director", "vp", "vice", "chief", "founder"];
    let by_title = person
        .title
        .as_deref()
        .is_some_and(|title| title.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.contains(&w)));
    let by_level = person.targeting.levels_above.is_some_and(|l| l >= 2);
    let c_suite = person.title.as_deref().is_some_and(|t| {
        t.split(|c: char| !c.is_alphanumeric()).any(|w| w.len() == 3 && w.starts_with('C') && w.ends_with('O'))
    });
    by_title || by_level || c_suite
}

struct Candidate {
    picked: PickedQuestion,
    /// True for the seeker's own questions and for the help-map asks proper.
    core: bool,
    score: i32,
    order: usize,
}

/// Chooses the questions for one meeting (§4.6.1 item 5): one per TIARA letter and one
/// help-map ask first, then a warm-up, then the best of the rest, at most two per kind. The
/// seeker's own questions win their slot when they suit the meeting; nothing already asked
/// to this person is picked. The same input always gives the same pick.
pub fn pick_questions(input: &PickInput<'_>) -> Pick {
    let count = input.count.clamp(MIN_PICK, MAX_PICK);
    let situations = situations(input);
    let asked = |id: QuestionId| input.asked_before.contains(&id);

    let mut candidates: Vec<Candidate> = Vec::new();
    for (order, own) in input.own_questions.iter().enumerate() {
        let tags: Vec<Applies> = own.tags.iter().filter_map(|t| Applies::parse(t).ok()).collect();
        let pickable = own.category != QuestionCategory::OpeningClose;
        if !pickable || asked(own.id) || !suits(&tags, &situations) || candidates.iter().any(|c| c.picked.id == own.id)
        {
            continue;
        }
        let text = input.fill.apply(&own.text);
        let score = 100 + tag_score(&tags, &situations) - 5 * input.fill.unresolved(&own.text) as i32;
        let picked =
            PickedQuestion { id: own.id, category: own.category, text, origin: QuestionOrigin::Own, sense: None };
        candidates.push(Candidate { picked, core: true, score, order });
    }
    let own_count = input.own_questions.len();
    for (index, question) in BANK.iter().enumerate() {
        let pickable = question.category == QuestionCategory::Warmup
            || question.category == QuestionCategory::HelpMap
            || question.category.tiara().is_some();
        if !pickable || question.form != Form::Ask || !question.suits(&situations) || asked(question.id()) {
            continue;
        }
        let score = tag_score(question.tags, &situations) - 5 * input.fill.unresolved(question.text) as i32;
        candidates.push(Candidate {
            picked: PickedQuestion::from_bank(question, input.fill),
            core: question.category != QuestionCategory::HelpMap || HELP_MAP_ASKS.contains(&question.slug),
            score,
            order: own_count + index,
        });
    }
    candidates.sort_by(|a, b| b.score.cmp(&a.score).then(a.order.cmp(&b.order)));

    let mut chosen: Vec<usize> = Vec::new();
    let mut gaps = Vec::new();
    let best_of = |category: QuestionCategory, chosen: &[usize]| {
        (0..candidates.len()).find(|i| candidates[*i].picked.category == category && !chosen.contains(i))
    };
    let best_core_of = |category: QuestionCategory, chosen: &[usize]| {
        (0..candidates.len())
            .find(|i| candidates[*i].core && candidates[*i].picked.category == category && !chosen.contains(i))
            .or_else(|| best_of(category, chosen))
    };
    for slot in REQUIRED_SLOTS {
        match best_core_of(slot, &chosen) {
            Some(i) => chosen.push(i),
            None => gaps.push(slot),
        }
    }
    if chosen.len() < count
        && let Some(i) = best_of(QuestionCategory::Warmup, &chosen)
    {
        chosen.push(i);
    }
    for capped in [true, false] {
        for i in 0..candidates.len() {
            if chosen.len() >= count {
                break;
            }
            if chosen.contains(&i) {
                continue;
            }
            let category = candidates[i].picked.category;
            let cap = if category == QuestionCategory::Warmup { 1 } else { 2 };
            let taken = chosen.iter().filter(|j| candidates[**j].picked.category == category).count();
            if !capped || taken < cap {
                chosen.push(i);
            }
        }
    }

    let mut sequence: Vec<(usize, usize)> = chosen.into_iter().enumerate().map(|(seq, i)| (i, seq)).collect();
    sequence.sort_by(|a, b| candidates[a.0].picked.category.cmp(&candidates[b.0].picked.category).then(a.1.cmp(&b.1)));
    let questions = sequence.into_iter().map(|(i, _)| candidates[i].picked.clone()).collect();
    Pick { questions, gaps }
}

fn tag_score(tags: &[Applies], situations: &BTreeSet<Applies>) -> i32 {
    10 * tags.iter().filter(|t| **t != Applies::Any && situations.contains(t)).count() as i32
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;
    use crate::ids::{AccountId, PersonId};
    use crate::meetings::Tiara;
    use crate::people::{NewPerson, PersonName};
    use crate::questions::NewQuestion;

    fn person(title: &str) -> Person {
        let mut new = NewPerson::new(PersonName::new("Priya Natarajan").unwrap());
        new.title = Some(title.to_string());
        new.into_person(PersonId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH)
    }

    fn fill() -> Fill {
        Fill {
            organization: Some("Northwind Health".into()),
            role: Some("data analyst".into()),
            background: Some("teaching high-school maths".into()),
            targets: Some("Delta Logistics and Cascade Bank".into()),
            skill: Some("clinical data".into()),
            title: Some("Data Analyst II".into()),
            affinity: Some("UBC".into()),
            name: None,
        }
    }

    fn input<'a>(person: &'a Person, fill: &'a Fill) -> PickInput<'a> {
        PickInput {
            person,
            opening_at_employer: false,
            seeker: SeekerSituation::default(),
            extra_situations: &[],
            asked_before: &[],
            own_questions: &[],
            count: 8,
            fill,
        }
    }

    #[test]
    fn the_bank_holds_at_least_sixty_entries_with_every_kind() {
        assert!(BANK.len() >= 60, "only {} entries", BANK.len());
        for tiara in Tiara::ALL {
            let n = BANK.iter().filter(|q| q.category.tiara() == Some(*tiara)).count();
            assert!(n >= 5, "{tiara} has only {n} questions");
        }
        for category in QuestionCategory::ALL {
            assert!(BANK.iter().any(|q| q.category == *category), "no {category} question");
        }
        for sense in AssignmentSense::ALL {
            assert!(BANK.iter().any(|q| q.sense == Some(*sense)), "no assignments question of sense {sense}");
        }
    }

    #[test]
    fn questions_end_with_a_question_mark_and_lines_do_not() {
        for q in BANK {
            match q.form {
                Form::Ask => assert!(q.text.ends_with('?'), "{} does not end with ?", q.slug),
                Form::Say => assert!(!q.text.ends_with('?'), "{} is a line, not a question", q.slug),
            }
            assert_eq!(q.sense.is_some(), q.category == QuestionCategory::Assignments, "{}", q.slug);
            assert!(!q.tags.is_empty(), "{} has no tags", q.slug);
        }
    }

    #[test]
    fn every_placeholder_in_the_bank_is_known() {
        let empty = Fill::default();
        for q in BANK {
            let filled = empty.apply(q.text);
            assert!(!filled.contains('{') && !filled.contains('}'), "{} has an unknown placeholder", q.slug);
        }
    }

    #[test]
    fn ids_and_slugs_are_unique() {
        let ids: HashSet<QuestionId> = BANK.iter().map(BankQuestion::id).collect();
        let slugs: HashSet<&str> = BANK.iter().map(|q| q.slug).collect();
        let texts: HashSet<&str> = BANK.iter().map(|q| q.text).collect();
        assert_eq!(ids.len(), BANK.len());
        assert_eq!(slugs.len(), BANK.len());
        assert_eq!(texts.len(), BANK.len());
    }

    #[test]
    fn ids_are_stable_uuid_v5_values() {
        // Computed independently (Python: uuid.uuid5(NAMESPACE, slug)); if these change, every
        // store's "already asked" history breaks.
        let expected = [
            ("reciprocity-how-can-i-help", "0f39a4d6-37bc-5f8f-8d00-6e24253c05d1"),
            ("close-qualification", "41f1a835-103f-534e-9a31-c3a5a4b7b844"),
            ("trends-market-shifts", "4e6006cb-6b80-5b0f-8fb0-0b0be46218e8"),
        ];
        for (slug, id) in expected {
            let question = by_slug(slug).unwrap();
            assert_eq!(question.id().to_string(), id, "{slug}");
            assert_eq!(by_id(question.id()), Some(question));
        }
        assert_eq!(RECIPROCITY_CLOSE.id(), RECIPROCITY_CLOSE.id());
    }

    #[test]
    fn the_help_map_asks_are_help_map_questions() {
        for slug in HELP_MAP_ASKS {
            assert_eq!(by_slug(slug).map(|q| q.category), Some(QuestionCategory::HelpMap), "{slug}");
        }
    }

    #[test]
    fn the_special_entries_are_in_the_bank() {
        for special in
            [RECIPROCITY_CLOSE, FOLLOW_UP_PERMISSION, KEEP_POSTED, QUALIFICATION, SEND_JOB_DESCRIPTION, REFERRAL_ASK]
        {
            assert_eq!(by_slug(special.slug), Some(&special));
        }
        assert_eq!(by_slug(NO_PRESSURE.slug).map(|q| q.form), Some(Form::Say));
    }

    #[test]
    fn bank_questions_become_ownerless_records() {
        let record = RECIPROCITY_CLOSE.to_question(Timestamp::UNIX_EPOCH);
        assert_eq!(record.owner, None);
        assert_eq!(record.id, RECIPROCITY_CLOSE.id());
        assert_eq!(record.tags, vec!["any".to_string()]);
    }

    #[test]
    fn tags_parse_in_several_spellings() {
        assert_eq!(Applies::parse("Career Changer").unwrap(), Applies::CareerChanger);
        assert_eq!("large_company".parse::<Applies>().unwrap(), Applies::LargeCompany);
        let err = Applies::parse("intern").unwrap_err();
        assert!(err.message.contains("career-changer"), "{err}");
    }

    #[test]
    fn fill_replaces_known_placeholders_and_prompts_for_missing_ones() {
        let partial = Fill { organization: Some("Acme".into()), ..Default::default() };
        assert_eq!(partial.apply("At {organization} as a {role}?"), "At Acme as a [the role you want]?");
        assert_eq!(partial.unresolved("At {organization} as a {role}?"), 1);
        assert_eq!(partial.apply("Keep {braces} and { open"), "Keep {braces} and { open");
        let blank = Fill { organization: Some("  ".into()), ..Default::default() };
        assert_eq!(blank.apply("{organization}"), "[their employer]");
    }

    #[test]
    fn seniority_comes_from_the_title_or_the_level() {
        assert!(is_senior(&person("Senior Data Scientist")));
        assert!(is_senior(&person("Head of Analytics")));
        assert!(is_senior(&person("CTO")));
        assert!(!is_senior(&person("Data Analyst")));
        assert!(!is_senior(&person("Leader-board analyst")));
        let mut junior = person("Analyst");
        junior.targeting.levels_above = Some(2);
        assert!(is_senior(&junior));
    }

    #[test]
    fn a_pick_covers_every_tiara_letter_and_the_help_map_in_meeting_order() {
        let priya = person("Data Analyst");
        let fill = fill();
        let pick = pick_questions(&input(&priya, &fill));
        assert_eq!(pick.questions.len(), 8);
        assert!(pick.gaps.is_empty());
        for slot in REQUIRED_SLOTS {
            assert!(pick.questions.iter().any(|q| q.category == slot), "no {slot}");
        }
        assert_eq!(pick.questions[0].category, QuestionCategory::Warmup);
        assert!(pick.questions.windows(2).all(|w| w[0].category <= w[1].category));
        assert!(pick.questions.iter().all(|q| !q.text.contains('{')));
    }

    #[test]
    fn the_count_is_clamped_to_six_through_ten() {
        let priya = person("Data Analyst");
        let fill = fill();
        let few = pick_questions(&PickInput { count: 2, ..input(&priya, &fill) });
        assert_eq!(few.questions.len(), MIN_PICK);
        let many = pick_questions(&PickInput { count: 40, ..input(&priya, &fill) });
        assert_eq!(many.questions.len(), MAX_PICK);
    }

    #[test]
    fn nothing_already_asked_is_picked_again() {
        let priya = person("Data Analyst");
        let fill = fill();
        let first = pick_questions(&input(&priya, &fill));
        let asked: Vec<QuestionId> = first.questions.iter().map(|q| q.id).collect();
        let second = pick_questions(&PickInput { asked_before: &asked, ..input(&priya, &fill) });
        assert!(second.gaps.is_empty());
        for q in &second.questions {
            assert!(!asked.contains(&q.id), "{} was asked before", q.text);
        }
    }

    #[test]
    fn an_exhausted_letter_is_reported_as_a_gap() {
        let priya = person("Data Analyst");
        let fill = fill();
        let asked: Vec<QuestionId> =
            BANK.iter().filter(|q| q.category == QuestionCategory::Resources).map(BankQuestion::id).collect();
        let pick =
            pick_questions(&PickInput { asked_before: &asked, extra_situations: Applies::ALL, ..input(&priya, &fill) });
        assert_eq!(pick.gaps, vec![QuestionCategory::Resources]);
        assert_eq!(pick.questions.len(), 8, "the other kinds fill the space");
    }

    #[test]
    fn the_seekers_own_questions_win_their_slot_when_they_suit() {
        let priya = person("Data Analyst");
        let fill = fill();
        let owner = AccountId::LOCAL;
        let mut own = NewQuestion::new("How is {organization} using patient data this year?", QuestionCategory::Trends)
            .unwrap()
            .into_question(QuestionId::new(), owner, Timestamp::UNIX_EPOCH);
        own.tags = vec!["any".into()];
        let mut for_recruiters = NewQuestion::new("Which agencies do you use?", QuestionCategory::Resources)
            .unwrap()
            .into_question(QuestionId::new(), owner, Timestamp::UNIX_EPOCH);
        for_recruiters.tags = vec!["recruiter".into()];
        let own_questions = [own.clone(), for_recruiters.clone()];
        let pick = pick_questions(&PickInput { own_questions: &own_questions, ..input(&priya, &fill) });
        let trends: Vec<&PickedQuestion> =
            pick.questions.iter().filter(|q| q.category == QuestionCategory::Trends).collect();
        assert_eq!(trends[0].id, own.id);
        assert_eq!(trends[0].origin, QuestionOrigin::Own);
        assert_eq!(trends[0].text, "How is Northwind Health using patient data this year?");
        assert!(pick.questions.iter().all(|q| q.id != for_recruiters.id), "a recruiter question for a non-recruiter");

        let asked = [own.id];
        let again =
            pick_questions(&PickInput { own_questions: &own_questions, asked_before: &asked, ..input(&priya, &fill) });
        assert!(again.questions.iter().all(|q| q.id != own.id));
    }

    #[test]
    fn situations_steer_the_pick() {
        let recruiter = Person { recruiter: true, ..person("Talent Partner") };
        let fill = fill();
        let slugs = |pick: &Pick| -> Vec<&'static str> {
            pick.questions.iter().filter_map(|q| by_id(q.id)).map(|q| q.slug).collect()
        };
        let for_recruiter = slugs(&pick_questions(&input(&recruiter, &fill)));
        assert!(for_recruiter.contains(&"trends-recruiter-market"), "{for_recruiter:?}");
        assert!(for_recruiter.contains(&"insights-first-screen"), "{for_recruiter:?}");
        assert!(for_recruiter.contains(&"help-map-recruiter-peers"), "{for_recruiter:?}");

        let analyst = person("Data Analyst");
        let changer = SeekerSituation { career_changer: true, ..Default::default() };
        let for_changer = slugs(&pick_questions(&PickInput { seeker: changer, ..input(&analyst, &fill) }));
        assert!(for_changer.contains(&"trends-new-demand"), "{for_changer:?}");
        assert!(for_changer.contains(&"advice-where-i-fit"), "{for_changer:?}");
        assert!(for_changer.contains(&"assignments-proof-task"), "{for_changer:?}");

        let with_opening = slugs(&pick_questions(&PickInput { opening_at_employer: true, ..input(&analyst, &fill) }));
        let opening_only = |slug: &&str| by_slug(slug).is_some_and(|q| q.tags.contains(&Applies::Opening));
        assert!(with_opening.iter().any(opening_only), "{with_opening:?}");
        assert!(!for_changer.iter().any(opening_only), "{for_changer:?}");
        let fewest =
            pick_questions(&PickInput { opening_at_employer: true, count: MIN_PICK, ..input(&analyst, &fill) });
        let help: Vec<&str> = slugs(&fewest).into_iter().filter(|s| s.starts_with("help-map")).collect();
        assert_eq!(help.len(), 1);
        assert!(HELP_MAP_ASKS.contains(&help[0]), "the one help-map question is a help-map ask: {help:?}");

        let plain = pick_questions(&input(&analyst, &fill));
        for q in &plain.questions {
            let bank = by_id(q.id).unwrap();
            assert!(bank.tags.contains(&Applies::Any), "{} does not suit a plain meeting", bank.slug);
        }
    }

    #[test]
    fn questions_that_cannot_be_personalized_give_way() {
        let priya = person("Data Analyst");
        let no_affinity = Fill { affinity: None, ..fill() };
        let pick = pick_questions(&input(&priya, &no_affinity));
        assert!(pick.questions.iter().all(|q| !q.text.contains('[')), "{:?}", pick.questions);
    }

    fn arbitrary_situation() -> impl Strategy<Value = (SeekerSituation, bool, bool, Vec<usize>, usize, Vec<usize>)> {
        (
            (any::<bool>(), any::<bool>(), any::<bool>()),
            any::<bool>(),
            any::<bool>(),
            proptest::collection::vec(0..Applies::ALL.len(), 0..4),
            0..15usize,
            proptest::collection::vec(0..BANK.len(), 0..40),
        )
            .prop_map(|((career_changer, student, phd), opening, recruiter, extras, count, asked)| {
                (SeekerSituation { career_changer, student, phd }, opening, recruiter, extras, count, asked)
            })
    }

    proptest! {
        #[test]
        fn filling_any_text_never_panics_and_keeps_the_rest(text in "\\PC{0,60}") {
            let full = Fill { name: Some("Ana".into()), ..fill() };
            let filled = full.apply(&text);
            prop_assert_eq!(full.unresolved(&text), 0);
            if !text.contains('{') {
                prop_assert_eq!(filled, text);
            }
        }

        #[test]
        fn every_pick_is_sized_fresh_covering_and_deterministic(
            (seeker, opening, recruiter, extras, count, asked) in arbitrary_situation()
        ) {
            let subject = Person { recruiter, ..person("Senior Analyst") };
            let fill = fill();
            let extras: Vec<Applies> = extras.into_iter().map(|i| Applies::ALL[i]).collect();
            let asked: Vec<QuestionId> = asked.into_iter().map(|i| BANK[i].id()).collect();
            let input = PickInput {
                opening_at_employer: opening,
                seeker,
                extra_situations: &extras,
                asked_before: &asked,
                count,
                ..input(&subject, &fill)
            };
            let pick = pick_questions(&input);
            prop_assert_eq!(&pick, &pick_questions(&input));
            prop_assert!(pick.questions.len() <= MAX_PICK);
            let ids: HashSet<QuestionId> = pick.questions.iter().map(|q| q.id).collect();
            prop_assert_eq!(ids.len(), pick.questions.len());
            for q in &pick.questions {
                prop_assert!(!asked.contains(&q.id));
            }
            for slot in REQUIRED_SLOTS {
                let covered = pick.questions.iter().any(|q| q.category == slot);
                prop_assert!(covered != pick.gaps.contains(&slot));
            }
            let suited = situations(&input);
            let eligible = BANK
                .iter()
                .filter(|q| q.form == Form::Ask && !asked.contains(&q.id()) && q.suits(&suited))
                .filter(|q| q.category == QuestionCategory::Warmup
                    || q.category == QuestionCategory::HelpMap
                    || q.category.tiara().is_some())
                .count();
            prop_assert_eq!(pick.questions.len(), count.clamp(MIN_PICK, MAX_PICK).min(eligible));
        }
    }
}
