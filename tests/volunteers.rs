//! 青银协作 in the real app (iced_test's simulator) against a real hub on loopback: a member
//! asks for help with a kind and a note; a volunteer's computer (joined with the volunteer
//! invite) opens on 要帮忙的邻居 and shows it; she claims it and the member's app shows and says
//! who is coming, then that it is done. An elderly coordinator, named by the organiser's
//! computer, sees the open request and a suggestion not yet adopted, read-only; an ordinary
//! neighbour sees neither; a member's computer can't claim (the hub refuses).

mod common;

use chrono::{Duration, Utc};
use common::{Offer, World, char_key, click, computer, press, shows, sync_app};
use linli::app::{App, Message};
use linli::basic::{Message as B, Screen, help::FormMessage};
use linli::system::settings::Settings;
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::store::Store;
use linli_core::sync::client::{self, SharedStore, Syncer};
use linli_core::sync::protocol::{Change, Verdict};
use linli_hub::storage::{Actor, HubStorage};
use std::sync::{Arc, Mutex};

fn tomatoes() -> Offer {
    Offer("西红柿", "斤", 380, 20, 5, Duration::hours(8))
}

fn said(app: &App, words: &str) -> bool {
    app.speaker.last.iter().any(|l| l.contains(words))
}

/// The help request as the hub holds it.
fn at_hub(w: &World, id: HelpRequestId) -> HelpRequest {
    w.hub
        .pull(&w.boss, 0, 10_000)
        .unwrap()
        .changes
        .into_iter()
        .find_map(|c| match c {
            Change::HelpRequest(h) if h.id == id => Some(h),
            _ => None,
        })
        .expect("the hub has it")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_claims_a_members_request_and_she_hears_who_is_coming_then_that_it_is_done() {
    let mut w = World::new(&[tomatoes()], Settings::default()).await;
    let volunteer_invite = w.invites.volunteer_invite.clone();
    let (v_store, mut v) = computer(&w, &volunteer_invite, "小张").await;
    assert_eq!(
        v.basic.screen,
        Screen::Helping,
        "a volunteer's computer opens on 要帮忙的邻居"
    );
    assert!(shows(&v, "现在没有邻居要帮忙。"));
    assert!(shows(&v, "今天的团购"), "with the way to the deals");

    // She asks: 2 (下单) by keyboard, a note, 请志愿者帮我.
    click(&mut w.app, "请人帮忙");
    assert!(shows(&w.app, "要帮您做什么？"));
    press(&mut w.app, char_key("2"));
    assert!(shows(&w.app, "✓ 2  下单"), "the kind is ticked");
    let _ = w.app.update(Message::Basic(B::HelpForm(FormMessage::Note(
        "不会改数量".into(),
    ))));
    press(&mut w.app, char_key("r"));
    assert!(said(&w.app, "您选了：下单。"));
    click(&mut w.app, "请志愿者帮我 ⏎");
    assert!(shows(&w.app, "已经告诉志愿者了，请稍等，他们会来找您。"));
    assert!(shows(&w.app, "您请人帮的是：下单，“不会改数量”"));
    assert!(!shows(&w.app, "请志愿者帮我 ⏎"), "one request at a time");
    w.sync().await;
    let mine = w.app.vm.my_help[0].request.clone();
    assert_eq!(mine.kind, HelpKind::Ordering);
    assert_eq!(mine.note, "不会改数量");
    assert_eq!(at_hub(&w, mine.id).state, HelpState::Open);

    // The volunteer's computer shows it, says it, reads it.
    sync_app(&mut v, &v_store).await;
    assert!(shows(&v, "李奶奶需要帮忙：下单"));
    assert!(shows(&v, "“不会改数量”"));
    assert!(shows(&v, "1  我去帮"));
    assert_eq!(
        v.announcement.as_deref(),
        Some("李奶奶请人帮忙：下单"),
        "a new request is news for a volunteer"
    );
    press(&mut v, char_key("r"));
    assert!(
        said(&v, "1. 李奶奶需要帮忙：下单，“不会改数量”。"),
        "{:?}",
        v.speaker.last
    );
    assert!(said(&v, "还没有人去帮。按 1 是“我去帮”。"));

    // She claims it (key 1).
    press(&mut v, char_key("1"));
    assert!(shows(&v, "1  帮好了"));
    assert!(shows(&v, "刚才 · 您说了会去帮"));
    assert!(
        v.announcement
            .as_deref()
            .is_some_and(|a| a.starts_with("好的，请去帮李奶奶。"))
    );
    sync_app(&mut v, &v_store).await;
    assert!(matches!(at_hub(&w, mine.id).state, HelpState::Claimed(_)));

    // The member's app shows and says who is coming.
    w.sync().await;
    assert_eq!(w.app.announcement.as_deref(), Some("小张会来帮您"));
    assert!(said(&w.app, "小张会来帮您"));
    assert!(shows(&w.app, "小张会来帮您"));
    click(&mut w.app, "🔊 朗读");
    assert!(said(&w.app, "小张会来帮您"), "{:?}", w.app.speaker.last);

    // Done.
    click(&mut v, "1  帮好了");
    assert_eq!(
        v.announcement.as_deref(),
        Some("谢谢您帮了李奶奶！"),
        "thanked"
    );
    assert!(v.vm.helping.lines.is_empty(), "done ones leave the list");
    sync_app(&mut v, &v_store).await;
    w.sync().await;
    assert_eq!(w.app.announcement.as_deref(), Some("小张帮您弄好了"));
    assert!(said(&w.app, "小张帮您弄好了"));
    assert!(shows(&w.app, "✓ 小张帮您弄好了"));
    assert!(
        shows(&w.app, "请志愿者帮我 ⏎"),
        "she may ask again once it is done"
    );

    // The volunteer is a member too: the deals, and back home.
    click(&mut v, "今天的团购");
    assert_eq!(v.basic.screen, Screen::Deals);
    assert!(shows(&v, "西红柿"));
    press(
        &mut v,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Escape),
    );
    assert_eq!(v.basic.screen, Screen::Helping);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_follows_up_read_only_an_ordinary_member_sees_nothing_and_members_cant_claim()
{
    let mut w = World::new(&[tomatoes()], Settings::default()).await;
    let member_invite = w.invites.member_invite.clone();
    let (c_store, mut coord) = computer(&w, &member_invite, "周奶奶").await;
    let (o_store, mut other) = computer(&w, &member_invite, "张大爷").await;

    // 李奶奶 asks for help (取货) and suggests something.
    click(&mut w.app, "请人帮忙");
    click(&mut w.app, "3  取货");
    click(&mut w.app, "请志愿者帮我 ⏎");
    let me = w.app.identity.clone().unwrap();
    w.store
        .lock()
        .unwrap()
        .suggest(
            me.member_id,
            SuggestionId::new(),
            SuggestionTopic::Products,
            "想买点小米",
            Utc::now(),
        )
        .unwrap();
    w.sync().await;
    let request = w.app.vm.my_help[0].request.id;

    // Not a coordinator yet: nothing of hers.
    sync_app(&mut coord, &c_store).await;
    assert!(coord.vm.helping.lines.is_empty());
    assert!(!shows(&coord, "要帮忙的邻居"));

    // The organiser's computer names 周奶奶 coordinator.
    let boss: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    client::join(&boss, &w.url, &w.invites.organiser_invite, "王阿姨")
        .await
        .unwrap();
    let mut syncer = Syncer::new(boss.clone()).unwrap();
    syncer.sync_once().await.unwrap();
    let zhou = coord.identity.clone().unwrap();
    boss.lock()
        .unwrap()
        .send(
            &Command::SetStrengths {
                member_id: zhou.member_id,
                expert: false,
                coordinator: true,
            },
            Utc::now(),
        )
        .unwrap();
    let mut answers = syncer.answers();
    syncer.sync_once().await.unwrap();
    assert_eq!(answers.try_recv().unwrap().verdict, Verdict::Applied);

    // Her computer now has the request and the suggestion; from home, 要帮忙的邻居.
    sync_app(&mut coord, &c_store).await;
    assert!(coord.vm.helping.coordinator);
    assert_eq!(
        coord.basic.screen,
        Screen::Deals,
        "her home stays the deals"
    );
    assert!(shows(&coord, "1 位邻居在等人帮忙"));
    click(&mut coord, "要帮忙的邻居");
    assert_eq!(coord.basic.screen, Screen::Helping);
    assert!(shows(&coord, "李奶奶需要帮忙：取货"));
    assert!(
        !shows(&coord, "1  我去帮"),
        "read-only: claiming is the volunteers'"
    );
    assert!(shows(&coord, "李奶奶（商品）：想买点小米"));
    press(&mut coord, char_key("r"));
    assert!(said(&coord, "李奶奶需要帮忙：取货"));
    assert!(said(&coord, "李奶奶（商品）：想买点小米"));
    assert!(said(&coord, "还没采纳的建议"));
    press(&mut coord, char_key("1"));
    assert_eq!(
        coord.vm.pending, 0,
        "a number key claims nothing on her computer"
    );

    // An ordinary neighbour sees neither.
    sync_app(&mut other, &o_store).await;
    assert!(other.vm.helping.lines.is_empty());
    assert!(
        o_store
            .lock()
            .unwrap()
            .help_lines(me.group_id)
            .unwrap()
            .is_empty(),
        "the hub never sent it"
    );
    assert!(!shows(&other, "要帮忙的邻居"));
    assert!(other.vm.helping.suggestions.is_empty());

    // A member's computer can't claim: the hub refuses ClaimHelp from a member, even a
    // coordinator, and the request stays open.
    let member = Actor {
        member_id: zhou.member_id,
        group_id: zhou.group_id,
        role: zhou.role,
    };
    let refused = w
        .hub
        .apply(
            &member,
            &Envelope {
                id: uuid::Uuid::new_v4(),
                command: Command::ClaimHelp {
                    request_id: request,
                },
            },
            Utc::now(),
        )
        .unwrap();
    assert!(matches!(refused.outcome.verdict, Verdict::Rejected { .. }));
    assert_eq!(at_hub(&w, request).state, HelpState::Open);
}
