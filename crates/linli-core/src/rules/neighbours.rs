//! Neighbours as experts: who may write a tip and whether it waits for approval, how the
//! organiser answers a suggestion, how a help request moves, and what leaving the group
//! erases. Pure functions, as every rule.

use crate::model::{
    Deal, HelpRequest, HelpState, Member, MemberId, Role, Suggestion, SuggestionState, Timestamp,
    Tip,
};
use crate::text::{self, Field};
use thiserror::Error;

/// Why a tip, a suggestion's answer or a help step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NeighbourError {
    /// Only an expert named by the organiser (or the organiser for one) writes tips.
    #[error("only an expert named by the organiser may write a tip")]
    NotAnExpert,
    /// Empty where words are needed, too long, or holding a control character
    /// ([`crate::text`]).
    #[error("the words are empty or too long")]
    BadText,
    /// Not hers to do: another group's deal, a member who has left, a finished request.
    #[error("not allowed")]
    NotAllowed,
}

fn words(field: Field, s: &str) -> Result<String, NeighbourError> {
    text::clean(field, s).map_err(|_| NeighbourError::BadText)
}

/// Checks a tip `sender` wants to publish under `author`'s name and returns it as it is
/// kept: an expert's own tip waits for the organiser's approval; the organiser's (for an
/// expert, or her own) is approved at once, since she is the one who approves.
pub fn write_tip(sender: &Member, author: &Member, tip: Tip) -> Result<Tip, NeighbourError> {
    let body = words(Field::Words, &tip.body)?;
    let title = words(Field::Heading, &tip.title)?;
    if author.left_at.is_some() || sender.left_at.is_some() || author.group_id != sender.group_id {
        return Err(NeighbourError::NotAllowed);
    }
    let organiser = sender.role == Role::Organiser;
    let own = sender.id == author.id;
    if !(organiser && (author.expert || own) || own && author.expert) {
        return Err(NeighbourError::NotAnExpert);
    }
    Ok(Tip {
        author_id: author.id,
        group_id: author.group_id,
        approved: organiser,
        body,
        title,
        ..tip
    })
}

/// A new suggestion's words as kept (the topic is chosen from a list).
pub fn suggest(body: &str) -> Result<String, NeighbourError> {
    words(Field::Words, body)
}

/// The organiser's answer to a suggestion: adopted, will consider, or not now, always with
/// her words; an adopted one may name the deal it changed (of the same group). She may
/// answer again (a "will consider" later adopted), but adopting is final: everyone was told
/// and her name credited.
pub fn answer_suggestion(
    s: &Suggestion,
    state: SuggestionState,
    response: &str,
    deal: Option<&Deal>,
    now: Timestamp,
) -> Result<Suggestion, NeighbourError> {
    let response = words(Field::Words, response)?;
    if state == SuggestionState::New {
        return Err(NeighbourError::BadText);
    }
    if s.state == SuggestionState::Adopted {
        return Err(NeighbourError::NotAllowed);
    }
    if let Some(d) = deal
        && (state != SuggestionState::Adopted || d.group_id != s.group_id)
    {
        return Err(NeighbourError::NotAllowed);
    }
    Ok(Suggestion {
        state,
        response: Some(response),
        deal_id: deal.map(|d| d.id),
        answered_at: Some(now),
        ..s.clone()
    })
}

/// A help request claimed (`finish` false) or done (`finish` true) by `helper`. Claiming
/// twice by the same helper changes nothing; a claimed request may be finished by anyone
/// who helps (a neighbour may step in); a finished one stays finished.
pub fn help_step(
    h: &HelpRequest,
    helper: MemberId,
    finish: bool,
    now: Timestamp,
) -> Result<HelpRequest, NeighbourError> {
    let state = match (finish, h.state) {
        (false, HelpState::Open) => HelpState::Claimed(helper),
        (false, HelpState::Claimed(v)) if v == helper => h.state,
        (true, HelpState::Open | HelpState::Claimed(_)) => HelpState::Done(helper),
        _ => return Err(NeighbourError::NotAllowed),
    };
    Ok(HelpRequest {
        state,
        updated_at: now,
        ..h.clone()
    })
}

/// The neutral label that replaces a member's name when she leaves: `#` and the first six
/// hex digits of her id (her id is random; the label names no one).
pub fn left_label(id: MemberId) -> String {
    format!("#{}", &id.0.simple().to_string()[..6].to_uppercase())
}

/// What leaving keeps of her: the member row with a neutral label, no strengths, and when
/// she left. The organiser cannot leave (the group would have no one to run it).
pub fn leave(m: &Member, now: Timestamp) -> Result<Member, NeighbourError> {
    if m.role == Role::Organiser || m.left_at.is_some() {
        return Err(NeighbourError::NotAllowed);
    }
    Ok(Member {
        display_name: left_label(m.id),
        expert: false,
        coordinator: false,
        left_at: Some(now),
        ..m.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use chrono::Utc;

    fn person(role: Role, expert: bool) -> Member {
        Member {
            expert,
            ..Member::new(
                MemberId::new(),
                GroupId(uuid::Uuid::nil()),
                "李奶奶",
                role,
                Utc::now(),
            )
        }
    }

    fn tip(author: &Member) -> Tip {
        Tip {
            id: TipId::new(),
            group_id: author.group_id,
            author_id: author.id,
            product_id: None,
            title: String::new(),
            body: "挑西瓜拍一拍，声音闷的熟了".into(),
            approved: true,
            withdrawn: false,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn an_experts_tip_waits_the_organisers_is_approved_others_are_refused() {
        let expert = person(Role::Member, true);
        let plain = person(Role::Member, false);
        let boss = person(Role::Organiser, false);
        let own = write_tip(&expert, &expert, tip(&expert)).unwrap();
        assert!(!own.approved, "an expert's tip waits for the organiser");
        let for_her = write_tip(&boss, &expert, tip(&expert)).unwrap();
        assert!(for_her.approved && for_her.author_id == expert.id);
        assert_eq!(
            write_tip(&plain, &plain, tip(&plain)),
            Err(NeighbourError::NotAnExpert)
        );
        assert_eq!(
            write_tip(&boss, &plain, tip(&plain)),
            Err(NeighbourError::NotAnExpert),
            "the organiser credits experts, not anyone"
        );
        assert_eq!(
            write_tip(&plain, &expert, tip(&expert)),
            Err(NeighbourError::NotAnExpert),
            "no one writes under an expert's name but she and the organiser"
        );
        let blank = Tip {
            body: "  ".into(),
            ..tip(&expert)
        };
        assert_eq!(
            write_tip(&expert, &expert, blank),
            Err(NeighbourError::BadText)
        );
    }

    #[test]
    fn a_suggestion_is_answered_with_words_and_only_an_adopted_one_names_a_deal() {
        let m = person(Role::Member, false);
        let s = Suggestion {
            id: SuggestionId::new(),
            group_id: m.group_id,
            author_id: m.id,
            topic: SuggestionTopic::PickupTime,
            body: "周六早一点取货".into(),
            state: SuggestionState::New,
            response: None,
            deal_id: None,
            created_at: Utc::now(),
            answered_at: None,
        };
        let now = Utc::now();
        assert_eq!(
            answer_suggestion(&s, SuggestionState::Adopted, " ", None, now),
            Err(NeighbourError::BadText)
        );
        assert_eq!(
            answer_suggestion(&s, SuggestionState::New, "好", None, now),
            Err(NeighbourError::BadText)
        );
        let later =
            answer_suggestion(&s, SuggestionState::Considering, "我想想", None, now).unwrap();
        assert_eq!(later.answered_at, Some(now));
        let adopted = answer_suggestion(
            &later,
            SuggestionState::Adopted,
            " 周六改到上午9点 ",
            None,
            now,
        )
        .unwrap();
        assert_eq!(adopted.response.as_deref(), Some("周六改到上午9点"));
        assert_eq!(adopted.body, s.body, "her words stay hers");
        assert_eq!(
            answer_suggestion(&adopted, SuggestionState::Declined, "算了", None, now),
            Err(NeighbourError::NotAllowed),
            "adopting is final: everyone was told"
        );
    }

    #[test]
    fn help_moves_open_claimed_done_and_never_back() {
        let m = person(Role::Member, false);
        let (a, b) = (MemberId::new(), MemberId::new());
        let h = HelpRequest {
            id: HelpRequestId::new(),
            group_id: m.group_id,
            member_id: m.id,
            kind: HelpKind::Ordering,
            note: String::new(),
            state: HelpState::Open,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        let now = Utc::now();
        let claimed = help_step(&h, a, false, now).unwrap();
        assert_eq!(claimed.state, HelpState::Claimed(a));
        assert_eq!(
            help_step(&claimed, a, false, now).unwrap().state,
            claimed.state
        );
        assert_eq!(
            help_step(&claimed, b, false, now),
            Err(NeighbourError::NotAllowed)
        );
        let done = help_step(&claimed, b, true, now).unwrap();
        assert_eq!(done.state, HelpState::Done(b));
        assert_eq!(
            help_step(&done, a, false, now),
            Err(NeighbourError::NotAllowed)
        );
        assert_eq!(
            help_step(&done, a, true, now),
            Err(NeighbourError::NotAllowed)
        );
    }

    #[test]
    fn leaving_keeps_a_label_that_names_no_one_and_the_organiser_stays() {
        let m = Member {
            coordinator: true,
            ..person(Role::Member, true)
        };
        let now = Utc::now();
        let gone = leave(&m, now).unwrap();
        assert!(!gone.display_name.contains("李"));
        assert!(gone.display_name.starts_with('#') && gone.display_name.len() == 7);
        assert!(!gone.expert && !gone.coordinator && gone.left_at == Some(now));
        assert_eq!(leave(&gone, now), Err(NeighbourError::NotAllowed));
        assert_eq!(
            leave(&person(Role::Organiser, false), now),
            Err(NeighbourError::NotAllowed)
        );
    }
}
