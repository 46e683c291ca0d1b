//! The CSV export: every file parses back with the `csv` crate, starts with the BOM, has
//! its header in the chosen language, and adds up to the figures; a bad folder is said
//! clearly; the real binary exports the organiser's demo.

use chrono::NaiveDate;
use linli::advanced::figures::data::{Figures, Range};
use linli::files::csv::{BOM, ExportError, FILES, export};
use linli::i18n::{I18n, Lang};
use linli_core::Fen;
use linli_core::demo::{DemoConfig, generate};
use linli_core::store::Store;
use std::collections::BTreeMap;
use std::path::Path;

fn fen(yuan: &str) -> Fen {
    let (sign, digits) = match yuan.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, yuan),
    };
    let (whole, cents) = digits.split_once('.').expect("two decimals");
    assert_eq!(cents.len(), 2, "{yuan}");
    Fen(sign * (whole.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()))
}

/// Each file's header and rows, checking the BOM and that it parses.
fn read_all(dir: &Path) -> BTreeMap<&'static str, (Vec<String>, Vec<Vec<String>>)> {
    FILES
        .iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            assert!(bytes.starts_with(BOM), "{name} starts with the UTF-8 BOM");
            let mut r = csv::Reader::from_reader(&bytes[BOM.len()..]);
            let header = r.headers().unwrap().iter().map(String::from).collect();
            let rows = r
                .records()
                .map(|x| x.unwrap().iter().map(String::from).collect())
                .collect();
            (*name, (header, rows))
        })
        .collect()
}

fn column(rows: &[Vec<String>], i: usize) -> Fen {
    rows.iter().map(|r| fen(&r[i])).sum()
}

fn units(rows: &[Vec<String>], i: usize) -> i64 {
    rows.iter().map(|r| r[i].parse::<i64>().unwrap()).sum()
}

fn group() -> (
    Store,
    linli_core::model::GroupId,
    NaiveDate,
    tempfile::TempDir,
) {
    let data = generate(&DemoConfig {
        members: 40,
        days: 60,
        ..DemoConfig::standard()
    });
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(
        dir.path().join("linli.db"),
        linli_core::store::Durability::Normal,
    )
    .unwrap();
    s.import(&data).unwrap();
    let today = data.deals.iter().map(|d| d.pickup_day).max().unwrap();
    (s, data.group.id, today, dir)
}

#[test]
fn every_file_parses_back_and_adds_up_to_the_figures() {
    let (s, g, today, dir) = group();
    let t = I18n::new(Lang::ZhCn);
    for range in Range::ALL {
        let out = dir.path().join(range.name());
        let written = export(&s, g, &t, range, today, &out).unwrap();
        let f = Figures::load(&s, range, today).unwrap();
        let files = read_all(&out);
        assert_eq!(written.files.len(), FILES.len());
        for w in &written.files {
            let name = w.path.file_name().unwrap().to_str().unwrap();
            assert_eq!(
                files[name].1.len(),
                w.rows,
                "{name}: rows said = rows written"
            );
        }
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            names.len(),
            FILES.len(),
            "no temporary files left: {names:?}"
        );

        let (header, by_day) = &files["sales_by_day.csv"];
        assert_eq!(header, &["日期", "数量", "卖了多少钱（元）"]);
        assert_eq!(column(by_day, 2), f.sales.revenue, "{range:?}");
        assert_eq!(units(by_day, 1), f.sales.units);
        assert_eq!(column(&files["sales_by_product.csv"].1, 2), f.sales.revenue);
        let orders = &files["orders.csv"];
        assert_eq!(orders.0[0], "日期");
        assert_eq!(column(&orders.1, 7), f.sales.revenue, "orders' amounts");
        if range == Range::All {
            assert!(f.sales.revenue > Fen(0));
            assert!(f.loss_money() > Fen(0));
        }
        assert_eq!(column(&files["losses_by_product.csv"].1, 4), f.loss_money());
        assert_eq!(
            column(&files["loss_money_by_week.csv"].1, 2),
            f.loss_money()
        );
        assert_eq!(column(&files["loss_movements.csv"].1, 5), f.loss_money());
        assert_eq!(
            files["unclaimed_orders.csv"].1.len() as i64,
            f.unclaimed_count
        );
        let forming = &files["forming_rate.csv"].1[0];
        assert_eq!(
            (forming[2].parse().unwrap(), forming[3].parse().unwrap()),
            (f.forming.formed, f.forming.failed)
        );
        let members = s.members(g).unwrap();
        let balances: Fen = members.iter().map(|m| s.balance(m.id).unwrap()).sum();
        let (header, rows) = &files["balances.csv"];
        assert_eq!(header, &["邻居", "余额（元）"]);
        assert_eq!(rows.len(), members.len());
        assert_eq!(column(rows, 1), balances, "balances are the ledgers' sums");
        for row in by_day {
            NaiveDate::parse_from_str(&row[0], "%Y-%m-%d").expect("days as YYYY-MM-DD");
        }
    }
    // Over every day the ledger was written, the ledger adds up to the balances.
    let out = dir.path().join("whole");
    let t = I18n::new(Lang::EnUs);
    export(&s, g, &t, Range::All, today, &out).unwrap();
    let files = read_all(&out);
    let ledger = column(&files["ledger.csv"].1, 5);
    assert_eq!(ledger, column(&files["balances.csv"].1, 1));
    assert_eq!(
        files["ledger.csv"].0,
        [
            "Time",
            "Neighbor",
            "Kind",
            "Reason",
            "Product",
            "Amount (yuan)"
        ]
    );
}

#[test]
fn headers_follow_the_language() {
    let (s, g, today, dir) = group();
    let out = dir.path().join("en");
    export(&s, g, &I18n::new(Lang::EnUs), Range::FourWeeks, today, &out).unwrap();
    let files = read_all(&out);
    assert_eq!(
        files["sales_by_day.csv"].0,
        ["Day", "Units", "Sales (yuan)"]
    );
    assert_eq!(
        files["losses_by_product.csv"].0,
        [
            "Product",
            "Units received",
            "Units lost",
            "Loss rate (%)",
            "Money lost (yuan)"
        ]
    );
    assert!(
        files["orders.csv"].1.iter().any(|r| r[8] == "Collected"),
        "states are words in the language"
    );
}

#[test]
fn a_folder_that_cannot_be_made_is_said_clearly() {
    let (s, g, today, dir) = group();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("exports");
    let e = export(&s, g, &I18n::new(Lang::ZhCn), Range::All, today, &out).unwrap_err();
    assert!(matches!(e, ExportError::Folder { .. }), "{e:?}");
    let said = e.to_string();
    assert!(
        said.contains("can't use the folder") && said.contains("a-file"),
        "{said}"
    );
}

/// The real binary: `linli export --demo organiser` writes the demo's figures; a bad
/// `--out` fails with a clear message and no files.
#[test]
fn the_command_line_exports_the_organisers_demo() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = |out: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
            .args(["export", "--demo", "organiser", "--lang", "en-US"])
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--out")
            .arg(out)
            .args(["--range", "4weeks"])
            .output()
            .unwrap()
    };
    let done = run(&out);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let files = read_all(&out);
    assert_eq!(files["sales_by_day.csv"].0[0], "Day");
    assert!(
        files["sales_by_day.csv"].1.len() >= 20,
        "four weeks of the demo's sales"
    );
    let listed = String::from_utf8_lossy(&done.stdout);
    assert!(listed.contains("orders.csv"), "{listed}");

    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let failed = run(&blocked.join("x"));
    assert!(!failed.status.success());
    let said = String::from_utf8_lossy(&failed.stderr);
    assert!(said.contains("can't use the folder"), "{said}");
}
