//! Neighbours as experts (经验分享) and the suggestion box (意见采纳) in the real app
//! (iced_test's simulator) against a real hub on loopback: the organiser names an expert on
//! F12, the expert's tip waits until she approves it, then every neighbour's app shows it
//! credited, reads it with the author's name and offers it on the product's order screen; a
//! member's suggestion is adopted with a reply and a deal, and another member's app shows and
//! says it; a tip from someone no longer an expert is refused by the hub and leaves her
//! device; a blank suggestion is refused on the device and nothing is sent.

mod common;

use common::org::{Device, OrgWorld};
use common::{click, shows};
use linli::advanced::{Message as A, Page, neighbours};
use linli::app::{App, Message, SyncEvent};
use linli::basic::{Message as B, Screen, tips};
use linli::i18n::{I18n, Lang};
use linli::system::settings::Settings as AppSettings;
use linli::system::speech::Speaker;
use linli_core::store::sync::Answered;
use linli_core::sync::client::Syncer;
use linli_core::sync::protocol::{Reason, Verdict};

const TIP: &str = "挑西红柿要挑红一点、摸着硬一点的";

/// A neighbour's app on her own computer, synced once.
async fn app_of(d: &Device) -> App {
    let mut app = App::new(
        d.store.clone(),
        AppSettings::default(),
        Speaker::silent(),
        None,
    );
    common::sync_app(&mut app, &d.store).await;
    app
}

/// One sync round of her computer; the hub's answers are handed to the app and returned.
async fn sync_answers(app: &mut App, d: &Device) -> Vec<Answered> {
    let mut syncer = Syncer::new(d.store.clone()).unwrap();
    let mut answers = syncer.answers();
    let status = syncer.status();
    syncer.sync_once().await.unwrap();
    let mut out = Vec::new();
    while let Ok(a) = answers.try_recv() {
        out.push(a.clone());
        let _ = app.update(Message::Synced(SyncEvent::Answer(a)));
    }
    let s = status.borrow().clone();
    let _ = app.update(Message::Synced(SyncEvent::Status(s)));
    out
}

/// The organiser toggles 达人 for `d` on F12's third part.
fn toggle_expert(w: &mut OrgWorld, d: &Device) {
    w.click("邻里");
    assert_eq!(w.app.advanced.page, Page::Neighbours);
    if !w.shows("✓ 3  达人和协调员") {
        w.click("3  达人和协调员");
    }
    w.send(A::Neighbours(neighbours::Message::Expert(d.me.member_id)));
}

fn queued(d: &Device) -> i64 {
    d.store.lock().unwrap().outbox_len().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_experts_tip_waits_for_approval_then_every_neighbour_hears_it_with_her_name() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    w.eve_of(deal.pickup_day);
    let li = w.neighbour("李奶奶").await;
    let zhang = w.neighbour("张大爷").await;
    let mut li_app = app_of(&li).await;
    let mut zhang_app = app_of(&zhang).await;

    // The way to the tips is in view on home, above the deals; not an expert yet, her tips
    // screen has 提建议 only.
    assert!(common::in_view(&li_app, "邻居的经验"));
    click(&mut li_app, "邻居的经验");
    assert_eq!(li_app.basic.screen, Screen::Tips);
    assert!(shows(&li_app, "1  提建议"));
    assert!(!shows(&li_app, "2  写经验"));

    // The organiser names her an expert on F12.
    w.sync().await;
    toggle_expert(&mut w, &li);
    assert!(w.shows("已请李奶奶当达人，可以写经验了。"));
    assert!(w.shows("✓ 达人"), "the toggle is on at once");
    w.sync().await;
    assert!(w.app.advanced.neighbours.members.iter().any(|m| m.expert));

    // Her app shows 写经验; she writes about tomatoes.
    common::sync_app(&mut li_app, &li.store).await;
    assert!(shows(&li_app, "2  写经验"));
    common::press(&mut li_app, common::char_key("2"));
    assert_eq!(li_app.basic.screen, Screen::WriteTip);
    // Sending nothing is refused here, in words.
    click(&mut li_app, "发给团长 ⏎");
    assert!(shows(&li_app, "请先写下您的经验，再发给团长。"));
    assert_eq!(queued(&li), 0);
    click(&mut li_app, "1  🍅 西红柿");
    assert!(shows(&li_app, "✓ 1  🍅 西红柿"));
    let _ = li_app.update(Message::Basic(B::Tips(tips::Message::Words(TIP.into()))));
    click(&mut li_app, "发给团长 ⏎");
    let sent = "您的经验发给团长了。团长同意后，大家就能看到。";
    assert_eq!(li_app.announcement.as_deref(), Some(sent));
    assert_eq!(li_app.speaker.last, vec![sent.to_string()]);
    assert_eq!(li_app.basic.screen, Screen::Tips, "back on the tips");
    assert!(shows(&li_app, &format!("🍅 西红柿 · 等团长同意：{TIP}")));
    assert_eq!(queued(&li), 1);
    let answers = sync_answers(&mut li_app, &li).await;
    assert!(matches!(answers[0].verdict, Verdict::Applied));
    assert_eq!(li_app.announcement.as_deref(), Some(sent), "no news twice");
    assert!(shows(&li_app, &format!("🍅 西红柿 · 等团长同意：{TIP}")));

    // Not approved: 张大爷 doesn't see it.
    common::sync_app(&mut zhang_app, &zhang.store).await;
    click(&mut zhang_app, "邻居的经验");
    assert!(shows(&zhang_app, "还没有邻居的经验。"));
    assert!(!shows(&zhang_app, &format!("李奶奶说：{TIP}")));
    assert!(zhang_app.vm.neighbours.tips.is_empty());

    // The organiser sees it waiting, with its author and product, and approves it.
    w.sync().await;
    w.click("邻里");
    assert!(w.shows("0 条建议等您回复，1 条经验等您同意。"));
    w.click("2  经验");
    assert!(w.shows(&format!("李奶奶：{TIP}（🍅 西红柿）")));
    w.click("同意");
    assert!(w.shows("李奶奶的经验，大家都看得到了。"));
    assert!(
        w.shows("没有等您同意的经验。"),
        "approved at once on her page"
    );
    w.sync().await;

    // 张大爷's tips screen shows it credited; Read aloud says her name and the tip.
    common::sync_app(&mut zhang_app, &zhang.store).await;
    let said = format!("李奶奶说：{TIP}");
    assert!(shows(&zhang_app, &said));
    assert!(shows(&zhang_app, "🍅 西红柿"));
    click(&mut zhang_app, "🔊 朗读");
    assert!(
        zhang_app.speaker.last.iter().any(|l| l == &said),
        "{:?}",
        zhang_app.speaker.last
    );
    click(&mut zhang_app, "🔊 听一听");
    assert_eq!(zhang_app.speaker.last, vec![said.clone()]);

    // The tomato order screen offers it, and 1 reads it.
    click(&mut zhang_app, "← 返回");
    assert_eq!(zhang_app.basic.screen, Screen::Deals);
    click(&mut zhang_app, "西红柿");
    assert!(matches!(zhang_app.basic.screen, Screen::Order(_)));
    assert!(shows(&zhang_app, &format!("邻居的经验：李奶奶说“{TIP}”")));
    click(&mut zhang_app, "🔊 朗读");
    assert!(
        zhang_app
            .speaker
            .last
            .iter()
            .any(|l| l == "李奶奶写了西红柿的经验，按 1 听。"),
        "{:?}",
        zhang_app.speaker.last
    );
    common::press(&mut zhang_app, common::char_key("1"));
    assert_eq!(zhang_app.speaker.last, vec![said.clone()]);
    assert!(
        matches!(zhang_app.basic.screen, Screen::Order(_)),
        "still ordering"
    );

    // Her own app now shows it among everyone's, no longer waiting.
    common::sync_app(&mut li_app, &li.store).await;
    assert!(shows(&li_app, &said));
    assert!(!shows(&li_app, &format!("🍅 西红柿 · 等团长同意：{TIP}")));

    // Taken back: it waits on her page again, and the neighbours' screens stop offering it
    // (a tip once shown to everyone is withdrawn from everyone's devices).
    w.click("收回");
    assert!(w.shows("李奶奶的经验收回了，大家看不到了。"));
    assert!(w.shows("同意"), "waiting for approval again");
    w.sync().await;
    assert_eq!(w.app.advanced.neighbours.waiting.len(), 1);
    assert!(shows(&zhang_app, &format!("邻居的经验：李奶奶说“{TIP}”")));
    common::sync_app(&mut zhang_app, &zhang.store).await;
    assert!(
        !shows(&zhang_app, &format!("邻居的经验：李奶奶说“{TIP}”")),
        "a withdrawn tip is no longer offered"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_adopted_idea_is_credited_to_her_in_front_of_everyone_and_read_aloud() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    w.eve_of(deal.pickup_day);
    let li = w.neighbour("李奶奶").await;
    let zhang = w.neighbour("张大爷").await;
    let mut li_app = app_of(&li).await;
    let mut zhang_app = app_of(&zhang).await;

    // She suggests from the tips screen: a topic, a ready sentence, 交给团长.
    click(&mut li_app, "邻居的经验");
    click(&mut li_app, "1  提建议");
    assert_eq!(li_app.basic.screen, Screen::Suggest);
    click(&mut li_app, "1  取货时间");
    assert!(shows(&li_app, "✓ 1  取货时间"));
    click(&mut li_app, "6  周末也能取货就好了");
    assert_eq!(li_app.basic.suggest.words, "周末也能取货就好了");
    click(&mut li_app, "交给团长 ⏎");
    let sent = "您的建议交给团长了。团长回复后，这里会告诉您，也会念给您听。";
    assert_eq!(li_app.announcement.as_deref(), Some(sent));
    assert_eq!(li_app.speaker.last, vec![sent.to_string()]);
    assert!(shows(&li_app, "今天，取货时间：周末也能取货就好了"));
    assert!(shows(&li_app, "还在等团长回复。"));
    assert!(li_app.basic.suggest.words.is_empty(), "the form empties");
    let answers = sync_answers(&mut li_app, &li).await;
    assert!(matches!(answers[0].verdict, Verdict::Applied));

    // The organiser sees it on F12 and adopts it with a reply and the tomatoes' deal.
    w.sync().await;
    w.click("邻里");
    assert!(w.shows("1 条建议等您回复，0 条经验等您同意。"));
    assert!(w.shows("李奶奶（取货时间）：周末也能取货就好了"));
    w.click("回复 ⏎");
    assert!(w.shows("请选：采纳、会考虑，还是这次先不做。"));
    w.click("采纳");
    w.click("回复 ⏎");
    assert!(w.shows("请写几句回复，提建议的人会看到，也会听到。"));
    assert_eq!(w.store.lock().unwrap().outbox_len().unwrap(), 0);
    w.send(A::Neighbours(neighbours::Message::Reply(
        "周六改到上午9点取货".into(),
    )));
    w.click("🍅 西红柿，明天取");
    assert!(w.shows("✓ 🍅 西红柿，明天取"));
    common::press(
        &mut w.app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
    );
    assert!(w.shows("采纳了李奶奶的建议，大家都会看到。"));
    assert!(w.shows("采纳了：周六改到上午9点取货（🍅 西红柿，明天取）"));
    assert!(w.shows("没有等回复的建议。"));
    w.sync().await;

    // 张大爷's app announces it, shows it and reads it.
    common::sync_app(&mut zhang_app, &zhang.store).await;
    let day = I18n::new(Lang::ZhCn).day(deal.pickup_day, zhang_app.now.date());
    let news =
        format!("采纳了李奶奶的建议：周六改到上午9点取货 改的是西红柿，{day}在3号楼门口取货。");
    assert_eq!(zhang_app.announcement.as_deref(), Some(news.as_str()));
    assert!(
        zhang_app.speaker.last.iter().any(|l| l == &news),
        "read aloud when it arrives: {:?}",
        zhang_app.speaker.last
    );
    assert!(shows(&zhang_app, &news), "and shown");
    click(&mut zhang_app, "邻居的经验");
    assert!(shows(&zhang_app, "采纳了李奶奶的建议：周六改到上午9点取货"));
    assert!(shows(
        &zhang_app,
        &format!("改的是：🍅 西红柿，{day}在3号楼门口取货")
    ));
    click(&mut zhang_app, "🔊 朗读");
    assert!(
        zhang_app
            .speaker
            .last
            .iter()
            .any(|l| l == "采纳了李奶奶的建议：周六改到上午9点取货"),
        "{:?}",
        zhang_app.speaker.last
    );
    // Only once: the next sync is no news.
    common::sync_app(&mut zhang_app, &zhang.store).await;
    assert!(!zhang_app.speaker.last.iter().any(|l| l == &news));

    // Her own app: the answer, said to her as hers.
    common::sync_app(&mut li_app, &li.store).await;
    assert_eq!(
        li_app.announcement.as_deref(),
        Some(
            format!("团长采纳了您的建议：周六改到上午9点取货 改的是西红柿，{day}在3号楼门口取货。")
                .as_str()
        )
    );
    assert!(shows(&li_app, "团长采纳了：周六改到上午9点取货"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tip_from_someone_no_longer_an_expert_is_refused_and_a_blank_idea_is_never_sent() {
    let mut w = OrgWorld::new().await;
    let li = w.neighbour("李奶奶").await;
    let mut li_app = app_of(&li).await;

    // Named an expert, her computer knows it; then the organiser takes it back while her
    // computer is off.
    w.sync().await;
    toggle_expert(&mut w, &li);
    w.sync().await;
    common::sync_app(&mut li_app, &li.store).await;
    assert!(li_app.vm.neighbours.expert);
    toggle_expert(&mut w, &li);
    assert!(w.shows("李奶奶不再是达人了。"));
    w.sync().await;

    // She writes a tip: kept on her computer and queued, as her computer still thinks she may.
    click(&mut li_app, "邻居的经验");
    click(&mut li_app, "2  写经验");
    let _ = li_app.update(Message::Basic(B::Tips(tips::Message::Words(
        "买菜要趁早".into(),
    ))));
    common::press(
        &mut li_app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
    );
    assert_eq!(li_app.vm.neighbours.waiting.len(), 1);
    assert_eq!(queued(&li), 1);

    // The hub refuses it: not an expert. It leaves her computer and she is told why.
    let answers = sync_answers(&mut li_app, &li).await;
    assert_eq!(answers.len(), 1);
    assert!(
        matches!(
            &answers[0].verdict,
            Verdict::Rejected {
                reason: Reason::NotAnExpert,
                ..
            }
        ),
        "{:?}",
        answers[0].verdict
    );
    assert!(li_app.vm.neighbours.waiting.is_empty());
    let group = li.me.group_id;
    assert!(li.store.lock().unwrap().tips(group, 10).unwrap().is_empty());
    let told = "您写的经验没有发出去：只有团长请的达人才能写经验";
    assert_eq!(li_app.announcement.as_deref(), Some(told));
    assert_eq!(li_app.speaker.last, vec![told.to_string()]);
    assert!(!li_app.vm.neighbours.expert);
    assert!(!shows(&li_app, "2  写经验"), "no longer offered");

    // A blank suggestion is refused on her computer, in words, and nothing is queued.
    click(&mut li_app, "1  提建议");
    click(&mut li_app, "交给团长 ⏎");
    let blank = "请先写几句话，或者选一句现成的话，再交给团长。";
    assert!(shows(&li_app, blank));
    assert_eq!(li_app.speaker.last, vec![blank.to_string()]);
    let _ = li_app.update(Message::Basic(B::Suggest(
        linli::basic::suggest::Message::Words("   ".into()),
    )));
    common::press(
        &mut li_app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
    );
    assert!(shows(&li_app, blank));
    assert_eq!(queued(&li), 0, "nothing queued");
    assert!(li_app.vm.neighbours.mine().next().is_none());
}
