//! `linli join` and `linli sync` without a window, run as the real binary against a real hub
//! on loopback: joining says what it did and catches up; its exit codes tell a script what
//! went wrong (1 the hub refused or was not reached, 2 this data folder can't, 3 a
//! certificate to confirm); a link code joins a neighbour's new computer as her, with the
//! order the organiser took for her; and what Linli writes there is hers alone (folders 0700,
//! files 0600, an older looser folder tightened).

mod common;

use chrono::Utc;
use common::org::OrgWorld;
use linli_core::model::*;
use std::path::Path;
use std::process::Output;

/// Runs `linli --data-dir DIR ARGS…` off the runtime (the hub answers on it meanwhile).
async fn linli(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_linli"));
    cmd.arg("--data-dir").arg(dir).args(args);
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_and_sync_without_a_window_with_exit_codes_a_script_can_use() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("li");
    // A data folder made before Linli kept files private.
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("settings.toml"), "lang = \"zh-CN\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let f = dir.join("settings.toml");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }

    let out = linli(
        &dir,
        &[
            "join",
            "--hub",
            &w.url,
            "--invite",
            &w.invites.member_invite,
            "--name",
            "李奶奶",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(&format!("joined {} as member", w.url)),
        "{said}"
    );
    assert!(said.contains("synced in"), "{said}");
    assert!(
        !said.contains("received 0 changes"),
        "the deal came: {said}"
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir), 0o700, "her data folder");
        assert_eq!(mode(&dir.join("settings.toml")), 0o600, "tightened");
        for f in ["linli.db", "linli.db-wal", "linli.db-shm"] {
            if dir.join(f).exists() {
                assert_eq!(mode(&dir.join(f)), 0o600, "{f} holds her token");
            }
        }
    }
    let has_deal = {
        let s = linli_core::store::Store::open(
            dir.join("linli.db"),
            linli_core::store::Durability::Normal,
        )
        .unwrap();
        s.deal(deal.id).is_ok()
    };
    assert!(has_deal, "the first catch-up brought the deal");

    // Again into the same folder: refused, her identity kept (2).
    let again = linli(
        &dir,
        &[
            "join",
            "--hub",
            &w.url,
            "--invite",
            &w.invites.member_invite,
            "--name",
            "别人",
        ],
    )
    .await;
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already"),
        "{}",
        text(&again.stderr)
    );

    // A wrong code: the hub refuses (1), nothing is joined.
    let other = tmp.path().join("wrong");
    let wrong = linli(
        &other,
        &[
            "join",
            "--hub",
            &w.url,
            "--invite",
            "AAAAA-BBBBB-CCCCC-DDDDD",
            "--name",
            "张",
        ],
    )
    .await;
    assert_eq!(wrong.status.code(), Some(1), "{}", text(&wrong.stderr));
    let not_joined = linli(&other, &["sync"]).await;
    assert_eq!(not_joined.status.code(), Some(2));
    assert!(text(&not_joined.stderr).contains("has not joined"));
    // Plain http to the internet: refused before anything is sent (2).
    let far = linli(
        &tmp.path().join("far"),
        &[
            "join",
            "--hub",
            "http://8.8.8.8:7878",
            "--invite",
            "X",
            "--name",
            "张",
        ],
    )
    .await;
    assert_eq!(far.status.code(), Some(2), "{}", text(&far.stderr));
    // A hub that is not there: not reached (1).
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let gone = linli(
        &tmp.path().join("gone"),
        &[
            "join",
            "--hub",
            &format!("http://127.0.0.1:{free}"),
            "--invite",
            "X",
            "--name",
            "张",
        ],
    )
    .await;
    assert_eq!(gone.status.code(), Some(1), "{}", text(&gone.stderr));

    // The organiser's day goes on; sync brings it and says how much.
    w.click("团购");
    w.click("提前截单");
    w.sync().await;
    let synced = linli(&dir, &["sync"]).await;
    assert!(synced.status.success(), "{}", text(&synced.stderr));
    let said = text(&synced.stdout);
    assert!(said.starts_with("synced in "), "{said}");
    assert!(said.contains("sent 0 commands"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_code_joins_a_neighbours_new_computer_as_her_with_her_order() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    let wang = w
        .store
        .lock()
        .unwrap()
        .add_neighbour(deal.group_id, "王大爷", Utc::now())
        .unwrap();
    w.store
        .lock()
        .unwrap()
        .enter_orders(
            wang.id,
            &[linli_core::store::orders::Want {
                deal: deal.id,
                qty: 2,
            }],
            Utc::now(),
        )
        .unwrap();
    w.sync().await;
    let me = w.app.identity.clone().unwrap();
    let code = linli_core::sync::client::HubClient::of(&me)
        .unwrap()
        .link_code(wang.id)
        .await
        .unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("wang");
    let out = linli(
        &dir,
        &[
            "join",
            "--hub",
            &w.url,
            "--invite",
            &code,
            "--name",
            "王大爷",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&wang.id.0.to_string()),
        "joined as him: {}",
        text(&out.stdout)
    );
    let s =
        linli_core::store::Store::open(dir.join("linli.db"), linli_core::store::Durability::Normal)
            .unwrap();
    let his = s.orders_of_member(wang.id, 10).unwrap();
    assert_eq!(
        his.len(),
        1,
        "the order she took for him is on his computer"
    );
    assert_eq!((his[0].qty, his[0].entered_by), (2, Some(me.member_id)));
    assert_eq!(his[0].state, OrderState::Placed);
}
