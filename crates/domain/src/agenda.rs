//! The timed agenda of an informational interview (§4.6.2): blocks with start and end
//! offsets for a 20-minute default, scaled for any length from 10 to 90 minutes, and the two
//! in-meeting timer cues at 75% and 90% of the time box.
//!
//! The seeker runs the meeting and ends it on time: the last block ends exactly at the time
//! box, and nothing here ever extends it.

use jiff::SignedDuration;

use crate::meetings::{MeetingMode, Tiara};
use crate::opening_close::{CloseCondition, OpeningCloseDecision, OpeningCloseFacts, decide_opening_close};
use crate::{ValidationError, word_enum};

/// The meeting length to ask for, in minutes.
pub const DEFAULT_LENGTH_MIN: u16 = 20;
/// The shortest meeting that gets an agenda, in minutes.
pub const MIN_LENGTH_MIN: u16 = 10;
/// The longest meeting that gets an agenda, in minutes.
pub const MAX_LENGTH_MIN: u16 = 90;

word_enum! {
    /// One block of the agenda, in meeting order.
    pub enum BlockKind ("agenda block") {
        Open = "open",
        Context = "context",
        Trends = "trends",
        Insights = "insights",
        Advice = "advice",
        Resources = "resources",
        Assignments = "assignments",
        HelpMap = "help_map",
        /// Only when the §4.6.4 rule plans it.
        OpeningClose = "opening_close",
        Reciprocity = "reciprocity",
        NextSteps = "next_steps",
    }
}

impl BlockKind {
    /// The block's heading.
    pub fn title(self) -> &'static str {
        match self {
            BlockKind::Open => "Open",
            BlockKind::Context => "Your context",
            BlockKind::Trends => "T: Trends",
            BlockKind::Insights => "I: Insights",
            BlockKind::Advice => "A: Advice",
            BlockKind::Resources => "R: Resources",
            BlockKind::Assignments => "A: Assignments",
            BlockKind::HelpMap => "Help map",
            BlockKind::OpeningClose => "The opening (only if the rule allows)",
            BlockKind::Reciprocity => "How can I help you",
            BlockKind::NextSteps => "Next steps",
        }
    }

    /// The TIARA letter of a question-and-answer block.
    pub fn tiara(self) -> Option<Tiara> {
        match self {
            BlockKind::Trends => Some(Tiara::Trends),
            BlockKind::Insights => Some(Tiara::Insights),
            BlockKind::Advice => Some(Tiara::Advice),
            BlockKind::Resources => Some(Tiara::Resources),
            BlockKind::Assignments => Some(Tiara::Assignments),
            _ => None,
        }
    }
}

/// One timed block: from `start` to `end`, measured from the start of the meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaBlock {
    pub kind: BlockKind,
    pub start: SignedDuration,
    pub end: SignedDuration,
    /// What to do in the block, one instruction per line.
    pub content: Vec<String>,
}

impl AgendaBlock {
    pub fn length(&self) -> SignedDuration {
        self.end - self.start
    }
}

word_enum! {
    /// A soft in-meeting timer cue.
    pub enum CueKind ("timer cue") {
        /// At 75% of the time box: move on to the help map.
        HelpMap = "help_map",
        /// At 90% of the time box: reciprocity and close.
        Close = "close",
    }
}

/// A soft chime at an offset from the start of the meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimerCue {
    pub at: SignedDuration,
    /// The share of the time box gone, in percent.
    pub percent: u8,
    pub kind: CueKind,
    pub message: String,
}

/// The agenda of one meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agenda {
    pub length_min: u16,
    pub mode: MeetingMode,
    /// Contiguous blocks from 0 to the end of the time box.
    pub blocks: Vec<AgendaBlock>,
    /// The 75% and 90% cues, in order. The timer never extends the meeting.
    pub cues: Vec<TimerCue>,
    /// The §4.6.4 decision as planned, when there was an opening to consider.
    pub opening_close: Option<OpeningCloseDecision>,
}

/// The 20-minute template in seconds, with the opening-close block.
const WITH_CLOSE: [(BlockKind, u32); 11] = [
    (BlockKind::Open, 120),
    (BlockKind::Context, 60),
    (BlockKind::Trends, 120),
    (BlockKind::Insights, 180),
    (BlockKind::Advice, 180),
    (BlockKind::Resources, 90),
    (BlockKind::Assignments, 90),
    (BlockKind::HelpMap, 120),
    (BlockKind::OpeningClose, 120),
    (BlockKind::Reciprocity, 60),
    (BlockKind::NextSteps, 60),
];

/// The 20-minute template in seconds without it: its two minutes go to the help map and to
/// next steps, where the seeker asks permission to follow up.
const WITHOUT_CLOSE: [(BlockKind, u32); 10] = [
    (BlockKind::Open, 120),
    (BlockKind::Context, 60),
    (BlockKind::Trends, 120),
    (BlockKind::Insights, 180),
    (BlockKind::Advice, 180),
    (BlockKind::Resources, 90),
    (BlockKind::Assignments, 90),
    (BlockKind::HelpMap, 180),
    (BlockKind::Reciprocity, 60),
    (BlockKind::NextSteps, 120),
];

/// The template's total: 20 minutes.
const TEMPLATE_SECS: u32 = 1200;

/// Scales the template to `length_min` minutes, rounding every boundary to 15 seconds; the
/// last boundary is exactly the time box.
fn scale(template: &[(BlockKind, u32)], length_min: u16) -> Vec<(BlockKind, SignedDuration, SignedDuration)> {
    let minutes = u32::from(length_min);
    // A boundary in seconds is cumulative × minutes × 60 / TEMPLATE_SECS. Counted in quarter
    // minutes that is cumulative × minutes / (TEMPLATE_SECS / 4), rounded half up.
    let divisor = TEMPLATE_SECS / 4;
    let boundary = |cumulative: u32| {
        let quarters = (cumulative * minutes + divisor / 2) / divisor;
        SignedDuration::from_secs(i64::from(quarters * 15))
    };
    let mut out = Vec::with_capacity(template.len());
    let mut cumulative = 0;
    for (kind, secs) in template {
        let start = boundary(cumulative);
        cumulative += secs;
        out.push((*kind, start, boundary(cumulative)));
    }
    out
}

/// Where the opening-close block starts in a meeting of this length, when the agenda holds
/// one: the §4.6.4 rule checks the time left from here.
pub fn opening_close_start(length_min: u16) -> SignedDuration {
    scale(&WITH_CLOSE, length_min)
        .into_iter()
        .find(|(kind, _, _)| *kind == BlockKind::OpeningClose)
        .map_or(SignedDuration::ZERO, |(_, start, _)| start)
}

impl Agenda {
    /// The agenda for a meeting of `length_min` minutes (10 to 90). When `close` is given,
    /// the §4.6.4 rule decides, at the minute the block would start, whether the agenda holds
    /// the opening-close block.
    pub fn build(
        length_min: u16,
        mode: MeetingMode,
        close: Option<&OpeningCloseFacts>,
    ) -> Result<Self, ValidationError> {
        if !(MIN_LENGTH_MIN..=MAX_LENGTH_MIN).contains(&length_min) {
            return Err(ValidationError::new(
                "duration",
                format!(
                    "{length_min} minutes is outside what an agenda can be planned for; choose {MIN_LENGTH_MIN} to {MAX_LENGTH_MIN} minutes ({DEFAULT_LENGTH_MIN} is the default)"
                ),
            ));
        }
        let total = SignedDuration::from_mins(i64::from(length_min));
        let decision = close.map(|facts| decide_opening_close(facts, total - opening_close_start(length_min)));
        let planned = decision.as_ref().is_some_and(OpeningCloseDecision::plans_in_meeting);
        let template: &[(BlockKind, u32)] = if planned { &WITH_CLOSE } else { &WITHOUT_CLOSE };
        let blocks = scale(template, length_min)
            .into_iter()
            .map(|(kind, start, end)| AgendaBlock {
                kind,
                start,
                end,
                content: content(kind, length_min, mode, decision.as_ref()),
            })
            .collect();
        let secs = i64::from(length_min) * 60;
        let cues = vec![
            TimerCue {
                at: SignedDuration::from_secs(secs * 3 / 4),
                percent: 75,
                kind: CueKind::HelpMap,
                message: "Three quarters of the time is gone: move to the help map if you aren't there yet.".into(),
            },
            TimerCue {
                at: SignedDuration::from_secs(secs * 9 / 10),
                percent: 90,
                kind: CueKind::Close,
                message: "Time to ask how you can help them, agree next steps and finish on time.".into(),
            },
        ];
        Ok(Self { length_min, mode, blocks, cues, opening_close: decision })
    }

    /// The time box.
    pub fn length(&self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.length_min))
    }

    /// The block of this kind, if the agenda holds one.
    pub fn block(&self, kind: BlockKind) -> Option<&AgendaBlock> {
        self.blocks.iter().find(|b| b.kind == kind)
    }

    /// The block running at `offset` from the start; `None` before the start or once the
    /// time box is over.
    pub fn block_at(&self, offset: SignedDuration) -> Option<&AgendaBlock> {
        self.blocks.iter().find(|b| b.start <= offset && offset < b.end)
    }
}

/// An offset as `m:ss` (`14:00`, `2:15`).
pub fn clock(offset: SignedDuration) -> String {
    let secs = offset.as_secs();
    let sign = if secs < 0 { "-" } else { "" };
    let secs = secs.unsigned_abs();
    format!("{sign}{}:{:02}", secs / 60, secs % 60)
}

fn content(kind: BlockKind, length_min: u16, mode: MeetingMode, close: Option<&OpeningCloseDecision>) -> Vec<String> {
    let lines: Vec<String> = match kind {
        BlockKind::Open => vec![
            "Thank them for making the time.".into(),
            format!("Name the time box: you have {length_min} minutes and you will keep to them."),
            "Start with a little small talk from your research or from what you share.".into(),
        ],
        BlockKind::Context => vec![
            "Tell your 30–60 second story and what you are exploring.".into(),
            "No pitch and no ask: the meeting is about their view.".into(),
        ],
        BlockKind::Trends => vec![
            "Ask where their business and their field are heading.".into(),
            "From here on you steer, and they talk at least 70% of the time.".into(),
        ],
        BlockKind::Insights => vec!["Ask what the job and the place are really like.".into()],
        BlockKind::Advice => vec!["Ask what they would do in your position.".into()],
        BlockKind::Resources => vec!["Ask what to read, join or follow next; write down every name.".into()],
        BlockKind::Assignments => {
            vec!["Ask about the typical projects of the role: material for later interviews.".into()]
        }
        BlockKind::HelpMap => vec![
            "People at your target employers.".into(),
            "The skills in demand, and the ones that matter less.".into(),
            "Recruiters they trust.".into(),
            "Anyone else you should speak with.".into(),
        ],
        BlockKind::OpeningClose => {
            let mut lines = Vec::new();
            if close == Some(&OpeningCloseDecision::AskIfRapportHolds) {
                lines.push(
                    "Only if rapport feels like 3 out of 5 or better, or they asked about your search; otherwise go straight to how you can help."
                        .into(),
                );
            }
            lines.extend([
                "Ask whether they think you'd be a credible candidate for the opening.".to_string(),
                "Offer to send the job description.".into(),
                "Ask for a referral or an introduction, and make it easy to say no.".into(),
                "If they hesitate: no pressure, offer the posting anyway, and don't chase.".into(),
            ]);
            lines
        }
        BlockKind::Reciprocity => vec!["Ask how you can help them. Every meeting ends with this.".into()],
        BlockKind::NextSteps => {
            let mut lines = vec![
                "Sum up what each of you promised to do.".to_string(),
                "Ask whether you may follow up, and how they'd like to hear how things go.".into(),
            ];
            match close {
                Some(OpeningCloseDecision::Defer { unmet }) if !unmet.contains(&CloseCondition::Opening) => {
                    lines.push(
                        "Leave the opening for later: the referral ask comes in its own message after your thank-you, with an easy out."
                            .into(),
                    );
                }
                Some(OpeningCloseDecision::DoNotAsk { .. }) => {
                    lines.push("Don't raise a referral: they already have your question.".into());
                }
                _ => {}
            }
            lines.push("End on time: offer to stop, even if it's going well.".into());
            if mode == MeetingMode::Coffee {
                lines.push("Pay for the coffee: offer more than once, and never split the bill.".into());
            }
            lines
        }
    };
    lines
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    use crate::pipeline::ReferralState;

    fn close_facts() -> OpeningCloseFacts {
        OpeningCloseFacts {
            has_opening: true,
            has_job_description: true,
            works_at_hiring_employer: true,
            earlier_interactions: 2,
            rapport: None,
            they_asked_about_search: false,
            referral: ReferralState::None,
        }
    }

    fn timeline(agenda: &Agenda) -> Vec<(BlockKind, String, String)> {
        agenda.blocks.iter().map(|b| (b.kind, clock(b.start), clock(b.end))).collect()
    }

    fn row(kind: BlockKind, start: &str, end: &str) -> (BlockKind, String, String) {
        (kind, start.to_string(), end.to_string())
    }

    #[test]
    fn both_templates_fill_twenty_minutes() {
        assert_eq!(WITH_CLOSE.iter().map(|(_, s)| s).sum::<u32>(), TEMPLATE_SECS);
        assert_eq!(WITHOUT_CLOSE.iter().map(|(_, s)| s).sum::<u32>(), TEMPLATE_SECS);
    }

    #[test]
    fn twenty_minutes_with_a_planned_close_follows_the_template() {
        let agenda = Agenda::build(20, MeetingMode::Coffee, Some(&close_facts())).unwrap();
        assert_eq!(agenda.opening_close, Some(OpeningCloseDecision::AskIfRapportHolds));
        assert_eq!(
            timeline(&agenda),
            vec![
                row(BlockKind::Open, "0:00", "2:00"),
                row(BlockKind::Context, "2:00", "3:00"),
                row(BlockKind::Trends, "3:00", "5:00"),
                row(BlockKind::Insights, "5:00", "8:00"),
                row(BlockKind::Advice, "8:00", "11:00"),
                row(BlockKind::Resources, "11:00", "12:30"),
                row(BlockKind::Assignments, "12:30", "14:00"),
                row(BlockKind::HelpMap, "14:00", "16:00"),
                row(BlockKind::OpeningClose, "16:00", "18:00"),
                row(BlockKind::Reciprocity, "18:00", "19:00"),
                row(BlockKind::NextSteps, "19:00", "20:00"),
            ]
        );
        let next = agenda.block(BlockKind::NextSteps).unwrap();
        assert!(next.content.iter().any(|l| l.contains("Pay for the coffee")));
        let close = agenda.block(BlockKind::OpeningClose).unwrap();
        assert!(close.content[0].contains("Only if rapport"));
    }

    #[test]
    fn thirty_minutes_is_the_template_times_one_and_a_half() {
        let twenty = Agenda::build(20, MeetingMode::Video, Some(&close_facts())).unwrap();
        let thirty = Agenda::build(30, MeetingMode::Video, Some(&close_facts())).unwrap();
        for (a, b) in twenty.blocks.iter().zip(&thirty.blocks) {
            assert_eq!(a.kind, b.kind);
            assert_eq!(b.start.as_secs() * 2, a.start.as_secs() * 3);
            assert_eq!(b.end.as_secs() * 2, a.end.as_secs() * 3);
        }
        assert_eq!(clock(thirty.block(BlockKind::Resources).unwrap().length()), "2:15");
        assert!(!thirty.block(BlockKind::NextSteps).unwrap().content.iter().any(|l| l.contains("coffee")));
    }

    #[test]
    fn without_an_opening_the_close_time_goes_to_the_help_map_and_next_steps() {
        let agenda = Agenda::build(20, MeetingMode::Call, None).unwrap();
        assert_eq!(agenda.opening_close, None);
        assert!(agenda.block(BlockKind::OpeningClose).is_none());
        assert_eq!(agenda.block(BlockKind::HelpMap).unwrap().length(), SignedDuration::from_mins(3));
        assert_eq!(agenda.block(BlockKind::NextSteps).unwrap().length(), SignedDuration::from_mins(2));
    }

    #[test]
    fn a_deferred_close_leaves_the_block_out_and_says_so() {
        let first_contact = OpeningCloseFacts { earlier_interactions: 0, ..close_facts() };
        let agenda = Agenda::build(20, MeetingMode::Office, Some(&first_contact)).unwrap();
        assert_eq!(
            agenda.opening_close,
            Some(OpeningCloseDecision::Defer { unmet: vec![CloseCondition::EarlierContact] })
        );
        assert!(agenda.block(BlockKind::OpeningClose).is_none());
        let next = agenda.block(BlockKind::NextSteps).unwrap();
        assert!(next.content.iter().any(|l| l.contains("Leave the opening for later")), "{:?}", next.content);
    }

    #[test]
    fn short_meetings_leave_no_time_for_the_close() {
        for length in [10, 15, 19] {
            let agenda = Agenda::build(length, MeetingMode::Call, Some(&close_facts())).unwrap();
            assert_eq!(
                agenda.opening_close,
                Some(OpeningCloseDecision::Defer { unmet: vec![CloseCondition::TimeLeft] }),
                "{length} minutes"
            );
            assert!(agenda.block(BlockKind::OpeningClose).is_none());
        }
        let ten = Agenda::build(10, MeetingMode::Call, None).unwrap();
        assert_eq!(clock(ten.block(BlockKind::Resources).unwrap().length()), "0:45");
    }

    #[test]
    fn cues_fall_at_75_and_90_percent() {
        let agenda = Agenda::build(20, MeetingMode::Call, None).unwrap();
        let at: Vec<String> = agenda.cues.iter().map(|c| clock(c.at)).collect();
        assert_eq!(at, ["15:00", "18:00"]);
        let thirty = Agenda::build(30, MeetingMode::Call, None).unwrap();
        let at: Vec<String> = thirty.cues.iter().map(|c| clock(c.at)).collect();
        assert_eq!(at, ["22:30", "27:00"]);
    }

    #[test]
    fn lengths_outside_10_to_90_are_refused_with_the_range() {
        for bad in [0, 9, 91, 600] {
            let err = Agenda::build(bad, MeetingMode::Call, None).unwrap_err();
            assert_eq!(err.field, "duration");
            assert!(err.message.contains("10 to 90"), "{err}");
        }
    }

    #[test]
    fn the_block_at_an_offset_is_found_and_nothing_runs_after_the_end() {
        let agenda = Agenda::build(20, MeetingMode::Call, None).unwrap();
        assert_eq!(agenda.block_at(SignedDuration::ZERO).map(|b| b.kind), Some(BlockKind::Open));
        assert_eq!(
            agenda.block_at(SignedDuration::from_secs(12 * 60 + 29)).map(|b| b.kind),
            Some(BlockKind::Resources)
        );
        assert_eq!(agenda.block_at(SignedDuration::from_mins(20)), None);
        assert_eq!(agenda.block_at(SignedDuration::from_secs(-1)), None);
        assert_eq!(clock(SignedDuration::from_secs(-75)), "-1:15");
    }

    proptest! {
        #[test]
        fn every_length_gets_contiguous_blocks_that_end_on_time(length in 10u16..=90, with_close in any::<bool>()) {
            let facts = close_facts();
            let agenda = Agenda::build(length, MeetingMode::Coffee, with_close.then_some(&facts)).unwrap();
            prop_assert_eq!(agenda.blocks[0].start, SignedDuration::ZERO);
            prop_assert_eq!(agenda.blocks.last().map(|b| b.end), Some(agenda.length()));
            for pair in agenda.blocks.windows(2) {
                prop_assert_eq!(pair[0].end, pair[1].start);
            }
            for block in &agenda.blocks {
                prop_assert!(block.length() > SignedDuration::ZERO, "{:?}", block.kind);
                prop_assert!(!block.content.is_empty());
            }
            let kinds: Vec<BlockKind> = agenda.blocks.iter().map(|b| b.kind).collect();
            prop_assert_eq!(kinds.iter().filter(|k| k.tiara().is_some()).count(), 5);
            prop_assert_eq!(&kinds[kinds.len() - 2..], &[BlockKind::Reciprocity, BlockKind::NextSteps]);
            let has_close = kinds.contains(&BlockKind::OpeningClose);
            prop_assert_eq!(has_close, with_close && length >= 20);
            if let Some(close) = agenda.block(BlockKind::OpeningClose) {
                prop_assert!(agenda.length() - close.start >= crate::opening_close::MIN_TIME_LEFT);
            }
            for cue in &agenda.cues {
                prop_assert!(cue.at > SignedDuration::ZERO && cue.at < agenda.length());
            }
        }
    }
}
