//! 我的数据 and leaving (privacy §4.4) in the real app (iced_test's simulator) against a real
//! hub on loopback: what the group holds about her, shown and read aloud as a summary; the
//! export (JSON and CSV, also by `linli my-data`); leaving after two questions, after which
//! her token is refused, her files are gone, the organiser's device no longer has her name
//! or words, the books still balance and the hub's files hold neither; leaving with the hub
//! unreachable, and "不退出了" at the last question, erase nothing. The leave request is an
//! iced task; [`common::settle`] runs it as the iced runtime would.

mod common;

use chrono::{Local, Utc};
use common::org::OrgWorld;
use linli::app::{App, Message};
use linli::basic::{Message as B, Screen, my_data};
use linli::files::csv::BOM;
use linli::files::my_data::{self as privacy, CSV_FILES, JSON, LeaveTrouble};
use linli::i18n::{I18n, Lang};
use linli::system::settings::Settings as AppSettings;
use linli::system::speech::Speaker;
use linli_core::model::*;
use linli_core::rules::neighbours::left_label;
use linli_core::store::sync::Identity;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, HubClient, SharedStore, SyncError, Syncer};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Clicks the widget showing exactly `text`, then runs what the app asked for.
async fn click(app: &mut App, text: &str) {
    let messages: Vec<Message> = {
        let mut ui = common::simulator_of(app);
        ui.click(text)
            .unwrap_or_else(|e| panic!("can't click {text:?} on {:?}: {e}", app.basic.screen));
        ui.into_messages().collect()
    };
    assert!(!messages.is_empty(), "clicking {text:?} did nothing");
    for m in messages {
        let t = app.update(m);
        common::settle(app, t).await;
    }
}

fn shows(app: &App, text: &str) -> bool {
    common::shows(app, text)
}

/// 李奶奶's own computer: a store in a folder of its own, joined with the member invite.
struct Li {
    dir: tempfile::TempDir,
    store: SharedStore,
    me: Identity,
}

impl Li {
    async fn join(w: &OrgWorld) -> Li {
        let dir = tempfile::tempdir().unwrap();
        let store: SharedStore = Arc::new(Mutex::new(
            Store::open(dir.path().join("linli.db"), Durability::Normal).unwrap(),
        ));
        let me = client::join(&store, &w.url, &w.invites.member_invite, "李奶奶")
            .await
            .unwrap();
        Li { dir, store, me }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("linli.db")
    }

    async fn sync(&self) {
        Syncer::new(self.store.clone())
            .unwrap()
            .sync_once()
            .await
            .unwrap();
    }

    fn app(&self) -> App {
        let mut app = App::new(
            self.store.clone(),
            AppSettings::default(),
            Speaker::silent(),
            None,
        );
        // Her voice taught to this computer: one take of 确定 (a tone stands in for it).
        app.voice = linli::voice::Voice::open(&self.voice_dir(), linli::voice::audio::Mic::Device);
        app.voice
            .add(linli::voice::Phrase::Yes, &linli::voice::audio::cue())
            .unwrap();
        app
    }

    fn voice_dir(&self) -> PathBuf {
        self.dir.path().join("voice")
    }

    /// Her voice recordings on this computer.
    fn recordings(&self) -> usize {
        std::fs::read_dir(self.voice_dir().join("yes"))
            .map(|d| d.count())
            .unwrap_or(0)
    }
}

/// The organiser publishes 西红柿; 李奶奶 orders 2 斤 and is charged when it forms early;
/// she says one arrived broken ("有两个烂了") and asks for help. Everyone synced.
async fn a_group_with_li() -> (OrgWorld, Li, Deal) {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    let li = Li::join(&w).await;
    li.sync().await;
    let order = OrderId::new();
    li.store
        .lock()
        .unwrap()
        .place_order(li.me.member_id, deal.id, order, 2, Utc::now())
        .unwrap();
    li.sync().await;
    w.sync().await;
    w.click("提前截单");
    w.sync().await;
    li.sync().await;
    {
        let mut s = li.store.lock().unwrap();
        s.file_complaint(
            li.me.member_id,
            order,
            ComplaintKind::Broken,
            "有两个烂了",
            Utc::now(),
        )
        .unwrap();
        let now = Utc::now();
        s.ask_help(&HelpRequest {
            id: HelpRequestId::new(),
            group_id: li.me.group_id,
            member_id: li.me.member_id,
            kind: HelpKind::Pickup,
            note: "我走不动，请帮我拿一下".into(),
            state: HelpState::Open,
            created_at: now,
            updated_at: now,
        })
        .unwrap();
    }
    li.sync().await;
    w.sync().await;
    (w, li, deal)
}

/// Settings → 我的数据.
async fn open_my_data(app: &mut App) {
    let t = app.update(Message::Basic(B::Go(Screen::Settings)));
    common::settle(app, t).await;
    click(app, "我的数据").await;
    assert_eq!(app.basic.screen, Screen::MyData);
}

fn csv_of(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(BOM),
        "{} starts with the BOM",
        path.display()
    );
    let mut r = csv::Reader::from_reader(&bytes[BOM.len()..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Checks an export folder: her name and the order in the JSON, the CSV headers in Chinese.
fn check_export(dir: &Path) -> serde_json::Value {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(JSON)).unwrap()).unwrap();
    assert_eq!(json["member"]["name"], "李奶奶");
    assert_eq!(json["orders"][0]["product"], "西红柿");
    assert_eq!(json["orders"][0]["qty"], 2);
    assert_eq!(json["orders"][0]["state"], "confirmed");
    assert_eq!(json["money"][0]["amount_fen"], -760);
    assert_eq!(json["balance_fen"], -760);
    assert_eq!(json["complaints"][0]["note"], "有两个烂了");
    assert_eq!(json["help_requests"][0]["note"], "我走不动，请帮我拿一下");
    for name in CSV_FILES {
        assert!(dir.join(name).exists(), "{name}");
    }
    let (header, rows) = csv_of(&dir.join("orders.csv"));
    assert_eq!(header[..3], ["日期", "商品", "单位"]);
    assert_eq!(rows[0][1], "西红柿");
    assert_eq!(rows[0][6], "已成团");
    let (header, rows) = csv_of(&dir.join("money.csv"));
    assert_eq!(header, ["时间", "类别", "商品", "金额（元）"]);
    assert_eq!(rows[0][1..], ["扣款", "西红柿", "-7.60"]);
    let (header, rows) = csv_of(&dir.join("me.csv"));
    assert_eq!(header[0], "名字");
    assert_eq!(rows[0][..2], ["李奶奶", "成员"]);
    let (_, rows) = csv_of(&dir.join("complaints.csv"));
    assert_eq!(rows[0][1..4], ["西红柿", "坏了", "有两个烂了"]);
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 1 + CSV_FILES.len(), "no part files: {names:?}");
    json
}

fn balances_sum(store: &SharedStore, g: GroupId) -> i64 {
    store
        .lock()
        .unwrap()
        .balances(g)
        .unwrap()
        .iter()
        .map(|b| b.balance.0)
        .sum()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_data_shows_what_the_group_holds_and_exports_it_and_the_cli_writes_the_same() {
    let (_w, li, deal) = a_group_with_li().await;
    let mut app = li.app();
    open_my_data(&mut app).await;
    let t = I18n::new(Lang::ZhCn);
    let today = Local::now().date_naive();
    assert!(shows(&app, "您的名字：李奶奶"));
    assert!(shows(
        &app,
        "这个团没有您的电话、住址、位置，也没有您的身体健康情况。"
    ));
    let order = format!(
        "🍅 西红柿，2 斤，{}取货，已成团",
        t.day(deal.pickup_day, today)
    );
    assert!(shows(&app, &order), "{order}");
    assert!(shows(&app, "今天 扣款 西红柿 ¥7.60"), "her ledger line");
    assert!(shows(&app, "您的账（1 条），现在欠 ¥7.60"));
    assert!(shows(
        &app,
        "今天，西红柿：坏了“有两个烂了”。还在等团长回复。"
    ));
    assert!(shows(&app, "今天：取货“我走不动，请帮我拿一下”，等志愿者"));

    // Read aloud: her name and the counts, not every line.
    common::press(&mut app, common::char_key("r"));
    assert_eq!(
        app.speaker.last[2..4],
        [
            "李奶奶，这个团存着您的名字和这些：1 笔订单，1 条账，1 次请人帮忙，0 条建议，1 次说订单有问题，0 条经验。",
            "这个团没有您的电话、住址、位置，也没有您的身体健康情况。"
        ]
    );
    assert!(!app.speaker.last.iter().any(|l| l.contains("扣款")));

    // Export: into my-data-<today> beside her store, shown and said.
    click(&mut app, "1  导出我的数据").await;
    let folder = li.dir.path().join(format!("my-data-{today}"));
    let said = format!("已经导出 8 个文件，放在：{}", folder.display());
    assert!(shows(&app, &said), "{:?}", app.announcement);
    assert_eq!(app.speaker.last, [said]);
    let json = check_export(&folder);

    // The same by `linli my-data`, for a family member without the window (it syncs with
    // the hub first: the hub answers from this runtime, so the binary runs off it).
    let out = li.dir.path().join("by-cli");
    let (data_dir, out2) = (li.dir.path().to_path_buf(), out.clone());
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
            .args(["my-data", "--data-dir"])
            .arg(&data_dir)
            .arg("--out")
            .arg(&out2)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("my-data.json"), "{stdout}");
    let by_cli = check_export(&out);
    for key in ["member", "orders", "money", "complaints", "help_requests"] {
        assert_eq!(json[key], by_cli[key], "{key}");
    }
    for name in CSV_FILES {
        assert_eq!(
            std::fs::read(folder.join(name)).unwrap(),
            std::fs::read(out.join(name)).unwrap(),
            "{name} is the same"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_after_two_questions_erases_her_here_on_the_hub_and_on_the_organisers_computer() {
    let (mut w, li, _deal) = a_group_with_li().await;
    let group = li.me.group_id;
    let books_before = balances_sum(&w.store, group);
    assert_eq!(books_before, -760);
    let hub_files = |w: &OrgWorld| {
        ["hub.db", "hub.db-wal"].map(|f| {
            let path = w.dir.path().join(f);
            (f, std::fs::read(&path).unwrap_or_default())
        })
    };
    assert!(
        hub_files(&w)
            .iter()
            .any(|(_, b)| contains(b, "李奶奶".as_bytes())),
        "the hub's files hold her name before she leaves"
    );
    let mut app = li.app();
    open_my_data(&mut app).await;

    // First question: what is erased, what is kept, no undo; export offered first.
    click(&mut app, "2  退出这个团并删除我的信息").await;
    assert_eq!(app.basic.my_data.step, my_data::Step::Ask);
    assert!(shows(
        &app,
        "会留下：团长的账本里您买过什么、付过多少钱，不带您的名字，只用来把账对清楚。"
    ));
    assert!(shows(
        &app,
        "退出以后不能恢复。想再参加，要重新用邀请码加入。"
    ));
    click(&mut app, "1  先导出我的数据").await;
    let today = Local::now().date_naive();
    let folder = li.dir.path().join(format!("my-data-{today}"));
    assert!(folder.join(JSON).exists(), "exported before leaving");
    assert_eq!(app.basic.my_data.step, my_data::Step::Ask, "still asking");
    click(&mut app, "2  继续").await;

    // The last question.
    assert!(shows(&app, "确定要退出吗？"));
    assert_eq!(li.recordings(), 1, "her voice is taught before she leaves");
    click(&mut app, "1  确定退出").await;
    assert_eq!(
        li.recordings(),
        0,
        "her voice recordings are deleted with the rest"
    );

    // The hub agreed: back at first run, told in words (shown and said).
    let left = "您已经退出了这个团，您的信息已经删掉了。这台电脑现在可以重新加入一个团。";
    assert_eq!(app.basic.screen, Screen::Setup);
    assert!(app.identity.is_none());
    assert_eq!(app.announcement.as_deref(), Some(left));
    assert_eq!(app.speaker.last, [left]);
    assert!(shows(&app, left));
    assert!(shows(&app, "加入"), "the first-run form");
    assert_eq!(app.settings.lang, Lang::ZhCn, "her settings stay");

    // Her store's files are gone; her export stays where she put it.
    for f in privacy::store_files(&li.db()) {
        assert!(!f.exists(), "{} deleted", f.display());
    }
    assert!(folder.join(JSON).exists());

    // Her token is refused from now on.
    let r = HubClient::of(&li.me).unwrap().pull(0, 10, 0).await;
    assert!(
        matches!(r, Err(SyncError::Hub { status: 401, .. })),
        "{r:?}"
    );

    // The organiser's computer, after its sync: a neutral label, no words of hers, and
    // the books still add up.
    w.sync().await;
    let label = left_label(li.me.member_id);
    {
        let s = w.store.lock().unwrap();
        let members = s.members(group).unwrap();
        assert!(members.iter().any(|m| m.display_name == label));
        assert!(!members.iter().any(|m| m.display_name.contains("李奶奶")));
        let complaints = s.complaints_of_member(li.me.member_id).unwrap();
        assert_eq!(complaints.len(), 1);
        assert_eq!(complaints[0].complaint.text, "");
        let help = s.my_help(li.me.member_id).unwrap();
        assert_eq!(help.len(), 1);
        assert_eq!(help[0].request.note, "");
        assert_eq!(s.ledger(li.me.member_id).unwrap().len(), 1, "the books");
    }
    assert_eq!(balances_sum(&w.store, group), books_before);
    common::click_any(&mut w.app, "成员和账");
    assert!(w.shows(&format!("{label}：欠 ¥7.60")));
    assert!(!w.shows("李奶奶：欠 ¥7.60"));

    // The hub's files hold neither her name nor her words.
    let files = hub_files(&w);
    assert!(files[0].1.len() > 4096, "hub.db is there");
    for (f, bytes) in files {
        for words in ["李奶奶", "有两个烂了", "我走不动"] {
            assert!(
                !contains(&bytes, words.as_bytes()),
                "{f} still holds {words}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_with_the_hub_unreachable_erases_nothing_and_says_so() {
    let (_w, li, _deal) = a_group_with_li().await;
    // The hub's computer is off: a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let away = Identity {
        hub: format!("http://127.0.0.1:{port}"),
        ..li.me.clone()
    };
    li.store.lock().unwrap().set_identity(&away).unwrap();
    let mut app = li.app();
    open_my_data(&mut app).await;
    click(&mut app, "2  退出这个团并删除我的信息").await;
    click(&mut app, "2  继续").await;
    click(&mut app, "1  确定退出").await;
    assert_eq!(li.recordings(), 1, "her voice recordings are kept too");

    let why = "现在连不上团里的电脑，没有退出，什么都没有删。等能连上时再试一次。";
    assert_eq!(app.basic.screen, Screen::MyData);
    assert_eq!(app.basic.my_data.step, my_data::Step::List);
    assert!(shows(&app, why));
    assert_eq!(app.speaker.last, [why]);
    assert!(app.identity.is_some());
    assert!(li.db().exists());
    assert!(shows(&app, "您的名字：李奶奶"), "everything still here");
    let s = li.store.lock().unwrap();
    assert_eq!(s.orders_of_member(li.me.member_id, 10).unwrap().len(), 1);
    assert!(s.identity().unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_at_the_last_question_leaves_everything_as_it_was() {
    let (w, li, _deal) = a_group_with_li().await;
    let mut app = li.app();
    open_my_data(&mut app).await;
    click(&mut app, "2  退出这个团并删除我的信息").await;
    // Esc at the first question: back to the list.
    common::press(
        &mut app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Escape),
    );
    assert_eq!(app.basic.screen, Screen::MyData);
    assert_eq!(app.basic.my_data.step, my_data::Step::List);
    // By keyboard: 2 asks, 2 goes on, 2 at the last question stays.
    common::press(&mut app, common::char_key("2"));
    assert_eq!(app.basic.my_data.step, my_data::Step::Ask);
    common::press(&mut app, common::char_key("2"));
    assert!(shows(&app, "确定要退出吗？"));
    click(&mut app, "2  不退出了 ⏎").await;

    assert_eq!(app.basic.my_data.step, my_data::Step::List);
    assert_eq!(app.speaker.last, ["好的，没有退出，什么都没有删。"]);
    assert!(app.identity.is_some());
    assert!(li.db().exists());
    li.sync().await; // her token still works
    let members = w.store.lock().unwrap().members(li.me.group_id).unwrap();
    assert!(members.iter().any(|m| m.display_name == "李奶奶"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organiser_is_told_why_she_cannot_leave_and_the_hub_refuses_it() {
    let w = OrgWorld::new().await;
    // Her own app in basic mode.
    let mut app = App::new(
        w.store.clone(),
        AppSettings::default(),
        Speaker::silent(),
        None,
    );
    open_my_data(&mut app).await;
    assert!(shows(&app, "您的名字：王阿姨"));
    assert!(shows(
        &app,
        "您是团长。团长不能退出自己的团：大家的订单和账都在您这里。"
    ));
    assert!(!shows(&app, "2  退出这个团并删除我的信息"));
    common::press(&mut app, common::char_key("2"));
    assert_eq!(app.basic.my_data.step, my_data::Step::List);
    let me = w.store.lock().unwrap().identity().unwrap().unwrap();
    assert_eq!(
        privacy::leave_hub(me).await,
        Err(LeaveTrouble::Organiser),
        "409 organiser_stays"
    );
}

/// Enter never leaves: pressed again and again at both questions it keeps her in the group
/// with everything she had (leaving takes its own key or a click).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_alone_never_leaves_the_group_or_erases_anything() {
    let (w, li, _deal) = a_group_with_li().await;
    let before = std::fs::read(li.db()).unwrap().len();
    let mut app = li.app();
    open_my_data(&mut app).await;
    let enter = || iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter);
    for _ in 0..3 {
        common::press(&mut app, enter());
    }
    assert_eq!(
        app.basic.my_data.step,
        my_data::Step::List,
        "Enter asks nothing"
    );
    click(&mut app, "2  退出这个团并删除我的信息").await;
    for _ in 0..3 {
        common::press(&mut app, enter());
        assert_ne!(app.basic.my_data.step, my_data::Step::Leaving);
    }
    assert_eq!(app.basic.my_data.step, my_data::Step::List, "Enter stays");
    assert_eq!(app.speaker.last, ["好的，没有退出，什么都没有删。"]);
    click(&mut app, "2  退出这个团并删除我的信息").await;
    click(&mut app, "2  继续").await;
    assert!(shows(&app, "确定要退出吗？"));
    for _ in 0..3 {
        common::press(&mut app, enter());
        assert_ne!(app.basic.my_data.step, my_data::Step::Leaving);
    }
    assert_eq!(app.basic.my_data.step, my_data::Step::List, "Enter stays");
    assert!(app.identity.is_some());
    assert!(li.db().exists() && std::fs::read(li.db()).unwrap().len() >= before);
    li.sync().await; // her token still works
    let members = w.store.lock().unwrap().members(li.me.group_id).unwrap();
    assert!(members.iter().any(|m| m.display_name == "李奶奶"));
    let s = li.store.lock().unwrap();
    assert_eq!(s.orders_of_member(li.me.member_id, 10).unwrap().len(), 1);
}
