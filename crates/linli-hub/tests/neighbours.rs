//! Neighbours as experts, through a real hub on loopback and real device files: tips wait
//! for the organiser and credit their expert; an adopted suggestion reaches everyone with
//! its author and the deal it changed; help requests carry their kind and reach the
//! volunteers and a coordinator; leaving erases her name and words everywhere (the hub's
//! files included) while the books still balance.

mod common;

use chrono::{Duration, Utc};
use common::*;
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::sync::client::SyncError;
use linli_core::sync::protocol::{Reason, Verdict};

async fn sync(d: &Device) -> Vec<linli_core::store::sync::Answered> {
    d.syncer().sync_once().await.unwrap().answered
}

fn send(d: &Device, c: Command) {
    d.store.lock().unwrap().send(&c, Utc::now()).unwrap();
}

fn tip(d: &Device, product: Option<ProductId>, body: &str) -> Tip {
    Tip {
        id: TipId::new(),
        group_id: d.id.group_id,
        author_id: d.me(),
        product_id: product,
        title: String::new(),
        body: body.into(),
        approved: false,
        withdrawn: false,
        created_at: Utc::now(),
    }
}

fn member(d: &Device, id: MemberId) -> Member {
    d.store.lock().unwrap().member(id).unwrap().unwrap()
}

#[tokio::test]
async fn a_tip_waits_for_the_organiser_then_everyone_reads_it_with_her_name() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let zhang = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    let (tomato, _) = publish(&boss, 20, 5, Duration::hours(2)).await;
    sync(&li).await;

    // Not an expert yet: her device refuses at once, and the hub refuses too.
    let refused = li.store.lock().unwrap().write_tip(
        li.me(),
        None,
        tip(&li, None, "挑西瓜拍一拍"),
        Utc::now(),
    );
    assert!(
        refused.is_err(),
        "a non-expert's tip is refused on her device"
    );
    li.enqueue(Command::WriteTip {
        tip_id: TipId::new(),
        author_id: None,
        product_id: None,
        title: String::new(),
        body: "挑西瓜拍一拍".into(),
    });
    let answered = sync(&li).await;
    assert_eq!(answered[0].verdict, Verdict::rejected(Reason::NotAnExpert));

    // The organiser names her an expert; her device learns it.
    send(
        &boss,
        Command::SetStrengths {
            member_id: li.me(),
            expert: true,
            coordinator: false,
        },
    );
    sync(&boss).await;
    sync(&li).await;
    assert!(member(&li, li.me()).expert);

    let body = "西红柿挑颜色均匀、摸着有弹性的";
    let written = li
        .store
        .lock()
        .unwrap()
        .write_tip(li.me(), None, tip(&li, Some(tomato.id), body), Utc::now())
        .unwrap();
    assert!(!written.approved, "an expert's tip waits for the organiser");
    assert_eq!(sync(&li).await[0].verdict, Verdict::Applied);

    // Zhang does not see it yet; the organiser sees it waiting, credited to Li.
    sync(&zhang).await;
    assert!(
        zhang
            .store
            .lock()
            .unwrap()
            .tips_shown(zhang.id.group_id)
            .unwrap()
            .is_empty()
    );
    sync(&boss).await;
    let waiting = boss
        .store
        .lock()
        .unwrap()
        .tips_waiting(boss.id.group_id)
        .unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].author.as_str(), waiting[0].tip.body.as_str()),
        ("李奶奶", body)
    );

    send(
        &boss,
        Command::ReviewTip {
            tip_id: written.id,
            approved: true,
        },
    );
    assert_eq!(sync(&boss).await[0].verdict, Verdict::Applied);
    sync(&zhang).await;
    let shown = zhang
        .store
        .lock()
        .unwrap()
        .tips_shown(zhang.id.group_id)
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].author, "李奶奶");
    assert_eq!(shown[0].product, Some(("🍅".into(), "西红柿".into())));
    let on_order = zhang.store.lock().unwrap().product_tip(tomato.id).unwrap();
    assert_eq!(on_order.map(|t| t.tip.body), Some(body.to_string()));

    // Written by the organiser for an expert: shown at once, credited to the expert.
    let for_her = boss
        .store
        .lock()
        .unwrap()
        .write_tip(
            boss.me(),
            Some(li.me()),
            tip(&boss, None, "取货带个布袋子"),
            Utc::now(),
        )
        .unwrap();
    assert!(for_her.approved && for_her.author_id == li.me());
    sync(&boss).await;
    sync(&zhang).await;
    let shown = zhang
        .store
        .lock()
        .unwrap()
        .tips_shown(zhang.id.group_id)
        .unwrap();
    assert!(
        shown
            .iter()
            .any(|t| t.tip.body == "取货带个布袋子" && t.author == "李奶奶")
    );
}

#[tokio::test]
async fn an_adopted_suggestion_reaches_everyone_with_her_name_and_the_deal_it_changed() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let zhang = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    let wu = Device::join(&hub.url, &hub.invites.member_invite, "吴阿婆").await;
    let (_, deal) = publish(&boss, 20, 5, Duration::hours(2)).await;
    sync(&li).await;

    // A blank suggestion is refused on her device and nothing is queued.
    let blank = li.store.lock().unwrap().suggest(
        li.me(),
        SuggestionId::new(),
        SuggestionTopic::Other,
        "  ",
        Utc::now(),
    );
    assert!(blank.is_err());
    assert_eq!(li.pending(), 0);

    let s = li
        .store
        .lock()
        .unwrap()
        .suggest(
            li.me(),
            SuggestionId::new(),
            SuggestionTopic::PickupTime,
            "周六早一点取货",
            Utc::now(),
        )
        .unwrap();
    assert_eq!(sync(&li).await[0].verdict, Verdict::Applied);

    // Not adopted: the organiser sees it, Zhang does not.
    sync(&zhang).await;
    assert!(
        zhang
            .store
            .lock()
            .unwrap()
            .suggestion_lines(zhang.id.group_id)
            .unwrap()
            .is_empty()
    );
    sync(&boss).await;
    let seen = boss
        .store
        .lock()
        .unwrap()
        .suggestion_lines(boss.id.group_id)
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].author, "李奶奶");

    // Wu becomes a coordinator after it was written: it is published again for her.
    sync(&wu).await;
    assert!(
        wu.store
            .lock()
            .unwrap()
            .suggestion_lines(wu.id.group_id)
            .unwrap()
            .is_empty()
    );
    send(
        &boss,
        Command::SetStrengths {
            member_id: wu.me(),
            expert: false,
            coordinator: true,
        },
    );
    sync(&boss).await;
    sync(&wu).await;
    let hers = wu
        .store
        .lock()
        .unwrap()
        .suggestion_lines(wu.id.group_id)
        .unwrap();
    assert_eq!(hers.len(), 1, "a new coordinator sees the open suggestions");

    // "Will consider" can't name a deal; adopted can.
    let wrong = boss.store.lock().unwrap().send(
        &Command::AnswerSuggestion {
            suggestion_id: s.id,
            state: SuggestionState::Considering,
            response: "我想想".into(),
            deal_id: Some(deal.id),
        },
        Utc::now(),
    );
    assert!(wrong.is_err());
    send(
        &boss,
        Command::AnswerSuggestion {
            suggestion_id: s.id,
            state: SuggestionState::Adopted,
            response: "周六改到上午9点取货".into(),
            deal_id: Some(deal.id),
        },
    );
    assert_eq!(sync(&boss).await[0].verdict, Verdict::Applied);
    sync(&zhang).await;
    let lines = zhang
        .store
        .lock()
        .unwrap()
        .suggestion_lines(zhang.id.group_id)
        .unwrap();
    assert_eq!(lines.len(), 1);
    let l = &lines[0];
    assert_eq!(l.author, "李奶奶");
    assert_eq!(l.suggestion.state, SuggestionState::Adopted);
    assert_eq!(
        l.suggestion.response.as_deref(),
        Some("周六改到上午9点取货")
    );
    let (emoji, name, day, _) = l.deal.clone().expect("the changed deal");
    assert_eq!(
        (emoji.as_str(), name.as_str(), day),
        ("🍅", "西红柿", deal.pickup_day)
    );
}

#[tokio::test]
async fn help_carries_its_kind_to_volunteers_and_a_member_cannot_claim_it() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let zhang = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    let xiao = Device::join(&hub.url, &hub.invites.volunteer_invite, "小张").await;
    let h = HelpRequest {
        id: HelpRequestId::new(),
        group_id: li.id.group_id,
        member_id: li.me(),
        kind: HelpKind::Pickup,
        note: "取货码找不到了".into(),
        state: HelpState::Open,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    sync(&li).await;
    li.store.lock().unwrap().ask_help(&h).unwrap();
    sync(&li).await;

    sync(&zhang).await;
    assert!(
        zhang
            .store
            .lock()
            .unwrap()
            .help_lines(zhang.id.group_id)
            .unwrap()
            .is_empty()
    );
    zhang.enqueue(Command::ClaimHelp { request_id: h.id });
    assert_eq!(
        sync(&zhang).await[0].verdict,
        Verdict::rejected(Reason::NotAllowed)
    );

    sync(&xiao).await;
    let list = xiao
        .store
        .lock()
        .unwrap()
        .help_lines(xiao.id.group_id)
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].member, "李奶奶");
    assert_eq!(list[0].request.kind, HelpKind::Pickup);
    assert_eq!(list[0].request.note, "取货码找不到了");
    xiao.store
        .lock()
        .unwrap()
        .step_help(xiao.me(), h.id, false, Utc::now())
        .unwrap();
    assert_eq!(sync(&xiao).await[0].verdict, Verdict::Applied);
    sync(&li).await;
    let mine = li.store.lock().unwrap().my_help(li.me()).unwrap();
    assert_eq!(mine[0].request.state, HelpState::Claimed(xiao.me()));
    assert_eq!(mine[0].helper.as_deref(), Some("小张"));

    // Done; then it can't be claimed again.
    xiao.store
        .lock()
        .unwrap()
        .step_help(xiao.me(), h.id, true, Utc::now())
        .unwrap();
    sync(&xiao).await;
    sync(&li).await;
    let mine = li.store.lock().unwrap().my_help(li.me()).unwrap();
    assert_eq!(mine[0].request.state, HelpState::Done(xiao.me()));
    let again = xiao
        .store
        .lock()
        .unwrap()
        .step_help(xiao.me(), h.id, false, Utc::now());
    assert!(again.is_err());
    drop(boss);
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// What the hub holds: its SQLite file and log byte for byte, or on PostgreSQL every row of
/// every table as text (live rows: PostgreSQL's own files keep dead row versions until
/// VACUUM reuses the space; the SQLite hub zeroes them, `secure_delete`).
fn hub_files(hub: &TestHub) -> Vec<u8> {
    if common::on_postgres() {
        let url = hub.db.clone();
        return common::off_runtime(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let tables: Vec<String> = c
                .query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut all = Vec::new();
            for t in tables {
                for r in c.query(&format!("SELECT x::text FROM {t} x"), &[]).unwrap() {
                    all.extend(r.get::<_, String>(0).into_bytes());
                }
            }
            all
        });
    }
    let mut all = std::fs::read(&hub.db).unwrap();
    let wal = std::path::Path::new(&hub.db).with_extension("db-wal");
    if let Ok(w) = std::fs::read(wal) {
        all.extend(w);
    }
    all
}

#[tokio::test]
async fn leaving_erases_her_name_and_words_everywhere_and_the_books_still_balance() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "李秀兰奶奶").await;
    let xiao = Device::join(&hub.url, &hub.invites.volunteer_invite, "小张").await;
    let (_, deal) = publish(&boss, 20, 5, Duration::hours(2)).await;
    sync(&li).await;

    // Her life in the group: an order, charged; a complaint, a help request, a
    // suggestion and a tip, each with her words; a payment.
    let order = li.order(deal.id, 2).unwrap();
    sync(&li).await;
    boss.enqueue(Command::CloseDeal { deal_id: deal.id });
    sync(&boss).await;
    sync(&li).await;
    li.store
        .lock()
        .unwrap()
        .file_complaint(
            li.me(),
            order.id,
            ComplaintKind::Broken,
            "烂了三个秘密甲",
            Utc::now(),
        )
        .unwrap();
    li.store
        .lock()
        .unwrap()
        .ask_help(&HelpRequest {
            id: HelpRequestId::new(),
            group_id: li.id.group_id,
            member_id: li.me(),
            kind: HelpKind::Ordering,
            note: "秘密乙不会下单".into(),
            state: HelpState::Open,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        })
        .unwrap();
    li.store
        .lock()
        .unwrap()
        .suggest(
            li.me(),
            SuggestionId::new(),
            SuggestionTopic::Other,
            "秘密丙多团鱼",
            Utc::now(),
        )
        .unwrap();
    send(
        &boss,
        Command::SetStrengths {
            member_id: li.me(),
            expert: true,
            coordinator: false,
        },
    );
    send(
        &boss,
        Command::RecordPayment {
            member_id: li.me(),
            amount: linli_core::money::Fen(500),
            method: PaymentMethod::Cash,
        },
    );
    sync(&boss).await;
    sync(&li).await;
    li.store
        .lock()
        .unwrap()
        .write_tip(li.me(), None, tip(&li, None, "秘密丁挑西瓜"), Utc::now())
        .unwrap();
    let answered = sync(&li).await;
    assert!(
        answered.iter().all(|a| a.verdict == Verdict::Applied),
        "{answered:?}"
    );
    sync(&boss).await;
    let hers = boss
        .store
        .lock()
        .unwrap()
        .tips_waiting(boss.id.group_id)
        .unwrap();
    send(
        &boss,
        Command::ReviewTip {
            tip_id: hers[0].tip.id,
            approved: true,
        },
    );
    sync(&boss).await;
    sync(&xiao).await;
    assert_eq!(
        xiao.store
            .lock()
            .unwrap()
            .tips_shown(xiao.id.group_id)
            .unwrap()
            .len(),
        1
    );

    let books = |d: &Device| {
        let s = d.store.lock().unwrap();
        let b = s.balances(d.id.group_id).unwrap();
        let total: i64 = b.iter().map(|m| m.balance.0).sum();
        (total, s.ledger(li.me()).unwrap().len())
    };
    let before = books(&boss);
    assert_ne!(before.1, 0, "she has money lines");
    assert!(contains(&hub_files(&hub), "李秀兰奶奶"));

    // The organiser can't leave.
    match boss.client().leave().await {
        Err(SyncError::Hub { status, code, .. }) => {
            assert_eq!((status, code.as_str()), (409, "organiser_stays"))
        }
        other => panic!("the organiser left? {other:?}"),
    }

    li.client().leave().await.unwrap();
    // Her token stops at once.
    match li.syncer().sync_once().await {
        Err(SyncError::Hub { status, .. }) => assert_eq!(status, 401),
        other => panic!("her device still syncs: {other:?}"),
    }

    // The organiser's and the volunteer's devices receive the erased versions.
    sync(&boss).await;
    sync(&xiao).await;
    for d in [&boss, &xiao] {
        let s = d.store.lock().unwrap();
        let members = s.members(d.id.group_id).unwrap();
        assert!(members.iter().all(|m| m.display_name != "李秀兰奶奶"));
        let gone = members.iter().find(|m| m.id == li.me()).unwrap();
        assert!(gone.display_name.starts_with('#') && gone.left_at.is_some());
        assert!(!gone.expert);
        assert!(
            s.tips_shown(d.id.group_id).unwrap().is_empty(),
            "her tip is withdrawn"
        );
        assert!(
            s.tips(d.id.group_id, 10)
                .unwrap()
                .iter()
                .all(|t| t.body.is_empty())
        );
        for h in s.help_lines(d.id.group_id).unwrap() {
            assert!(h.request.note.is_empty() || h.request.member_id != li.me());
        }
    }
    {
        let s = boss.store.lock().unwrap();
        let x = s.complaints_of_member(li.me()).unwrap();
        assert!(
            x.iter().all(|c| c.complaint.text.is_empty()),
            "her complaint's note is erased"
        );
        let sug = s.suggestion_lines(boss.id.group_id).unwrap();
        assert!(sug.iter().all(|l| l.suggestion.body.is_empty()));
        assert!(s.tips_shown(boss.id.group_id).unwrap().is_empty());
        assert!(s.tips_waiting(boss.id.group_id).unwrap().is_empty());
    }
    assert_eq!(
        books(&boss),
        before,
        "the books still balance: every money line kept"
    );

    // Not in the hub's files either (erased content is overwritten, the log emptied).
    let bytes = hub_files(&hub);
    for secret in ["李秀兰奶奶", "秘密甲", "秘密乙", "秘密丙", "秘密丁"] {
        assert!(
            !contains(&bytes, secret),
            "{secret} is still in the hub's files"
        );
    }
}

#[tokio::test]
async fn a_volunteer_who_loses_the_race_to_claim_is_corrected_by_the_hub() {
    let hub = TestHub::start().await;
    let _boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let a = Device::join(&hub.url, &hub.invites.volunteer_invite, "小张").await;
    let b = Device::join(&hub.url, &hub.invites.volunteer_invite, "小刘").await;
    sync(&li).await;
    let h = HelpRequest {
        id: HelpRequestId::new(),
        group_id: li.id.group_id,
        member_id: li.me(),
        kind: HelpKind::Unfamiliar,
        note: String::new(),
        state: HelpState::Open,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    li.store.lock().unwrap().ask_help(&h).unwrap();
    sync(&li).await;
    sync(&a).await;
    sync(&b).await;
    // Both say "I'll go" before either has synced.
    for v in [&a, &b] {
        v.store
            .lock()
            .unwrap()
            .step_help(v.me(), h.id, false, Utc::now())
            .unwrap();
    }
    assert_eq!(sync(&a).await[0].verdict, Verdict::Applied);
    assert_eq!(
        sync(&b).await[0].verdict,
        Verdict::rejected(Reason::NotAllowed)
    );
    let seen = b.store.lock().unwrap().help_lines(b.id.group_id).unwrap();
    assert_eq!(seen[0].request.state, HelpState::Claimed(a.me()));
    assert_eq!(seen[0].helper.as_deref(), Some("小张"));
}
