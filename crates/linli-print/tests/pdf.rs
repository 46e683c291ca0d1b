//! Real PDFs, read back with poppler's `pdftotext` and `pdfinfo` as a user's viewer would.

use std::path::{Path, PathBuf};
use std::process::Command;

use linli_print::{Block, Guide, Invite, Options, Row, Sheet, guide_pdf, invite_pdf, sheet_pdf};

/// These tests read the PDFs back with poppler's command-line tools.
const POPPLER: &str = "pdftotext, pdfinfo and pdffonts are needed: apt-get install poppler-utils";

/// Write `pdf` into `dir` under `name` and return the path.
fn write(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// `pdftotext` of pages `first..=last` (all when `None`), `-layout` when asked.
fn text(path: &Path, layout: bool, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    if let Some(n) = page {
        cmd.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let out = cmd.arg(path).arg("-").output().expect(POPPLER);
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Page count as `pdfinfo` reports it (which also checks the file is a valid PDF).
fn pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().expect(POPPLER);
    let info = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "not A4: {info}");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A word as `pdftotext -bbox` finds it: its text and box (x0, y0, x1, y1) in points.
struct Word {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Word {
    /// The box's height, which pdftotext makes the font size.
    fn size(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// All words of the PDF with their boxes.
fn words(path: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(path)
        .arg("-")
        .output()
        .expect(POPPLER);
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|tag| Word {
            text: tag[tag.find('>').unwrap() + 1..tag.find("</word>").unwrap()].to_owned(),
            x0: attr(tag, "xMin"),
            y0: attr(tag, "yMin"),
            x1: attr(tag, "xMax"),
            y1: attr(tag, "yMax"),
        })
        .collect()
}

/// Every word lies within the page's 18 mm margins.
fn assert_inside_margins(path: &Path) {
    let margin = 18.0 * 72.0 / 25.4 - 1.0;
    let words = words(path);
    assert!(!words.is_empty(), "no text found");
    for w in words {
        assert!(
            w.x0 >= margin
                && w.x1 <= 595.28 - margin
                && w.y0 >= margin - 8.0
                && w.y1 <= 841.89 - margin + 8.0,
            "{:?} outside the margins at x {}..{}, y {}..{}",
            w.text,
            w.x0,
            w.x1,
            w.y0,
            w.y1
        );
    }
}

/// Text with all whitespace removed, so that layout spacing does not matter.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn row(cells: &[&str], tick: bool) -> Row {
    Row {
        cells: cells.iter().map(|c| c.to_string()).collect(),
        tick,
    }
}

fn small_sheet() -> Sheet {
    Sheet {
        title: "分拣单 · 按住户 · 11月27日 周五".into(),
        subtitle: "幸福里3号楼 · 3号楼门口 · 打印于 11月26日 18:30".into(),
        blocks: vec![
            Block {
                heading: "王阿姨 (3-201)".into(),
                note: "取货码 4821".into(),
                rows: vec![
                    row(&["西红柿", "2 斤", "¥7.60"], true),
                    row(&["鸡蛋", "30 个", "¥25.00"], true),
                ],
                total: "小计 ¥32.60".into(),
            },
            Block {
                heading: "Mr Smith (3-502)".into(),
                note: "Code 1177".into(),
                rows: vec![
                    row(&["Tomatoes", "1 jin", "¥3.80"], true),
                    row(&["西红柿", "3 斤", "¥11.40"], true),
                    row(&["Whole milk, 1 litre", "2 bottles", "¥13.00"], false),
                ],
                total: "Subtotal ¥28.20".into(),
            },
            Block {
                heading: "李大爷".into(),
                note: String::new(),
                rows: vec![row(&["大米 五常 10kg", "1 袋", "¥59.90"], true)],
                total: "小计 ¥59.90".into(),
            },
        ],
        footer: "共 3 户，合计 ¥120.70".into(),
    }
}

#[test]
fn a_sheet_prints_every_heading_cell_and_total_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    for large in [false, true] {
        let sheet = small_sheet();
        let pdf = sheet_pdf(&sheet, &Options { large }).unwrap();
        let path = write(dir.path(), &format!("sheet-{large}.pdf"), &pdf);
        let all = squash(&text(&path, true, None));
        let mut wanted = vec![
            sheet.title.clone(),
            sheet.subtitle.clone(),
            sheet.footer.clone(),
        ];
        for b in &sheet.blocks {
            wanted.extend([b.heading.clone(), b.note.clone(), b.total.clone()]);
            for r in &b.rows {
                wanted.extend(r.cells.iter().cloned());
            }
        }
        for w in wanted {
            assert!(
                all.contains(&squash(&w)),
                "{w:?} missing (large: {large}) in {all}"
            );
        }
        // The name repeated in two blocks is printed in both.
        assert_eq!(all.matches("西红柿").count(), 2);
        let n = pages(&path);
        assert_eq!(n, 1, "large: {large}");
        // No text is smaller than 12 pt (19 pt in large print).
        let min = if large { 19.0 } else { 11.9 };
        for w in words(&path) {
            assert!(w.size() >= min, "{:?} at {} pt", w.text, w.size());
        }
        assert_inside_margins(&path);
        assert!(all.contains(&format!("1/{n}")), "page number missing");
        // One font, embedded as a subset, with a Unicode map (so copy and search work).
        let fonts = Command::new("pdffonts").arg(&path).output().expect(POPPLER);
        let fonts = String::from_utf8(fonts.stdout).unwrap();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 1, "{fonts}");
        assert!(rows[0].contains("CID Type 0C"), "{fonts}");
        assert!(
            rows[0].contains("yes yes yes"),
            "not embedded, subset and mapped: {fonts}"
        );
    }
}

/// A sheet of `households` blocks of `lines` rows whose every cell names its block.
fn big_sheet(households: usize, lines: usize) -> Sheet {
    Sheet {
        title: "分拣单 · 按住户".into(),
        subtitle: "幸福里3号楼".into(),
        blocks: (0..households)
            .map(|h| Block {
                heading: format!("住户H{h:03}"),
                note: format!("取货码 {:04}", 1000 + h),
                rows: (0..lines)
                    .map(|l| {
                        row(
                            &[&format!("商品H{h:03}L{l:02} 西红柿"), "2 斤", "¥7.60"],
                            l % 2 == 0,
                        )
                    })
                    .collect(),
                total: format!("小计H{h:03} ¥{}.00", lines * 7),
            })
            .collect(),
        footer: format!("共 {households} 户"),
    }
}

#[test]
fn a_long_sheet_keeps_each_block_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = big_sheet(12, 9);
    let path = write(
        dir.path(),
        "long.pdf",
        &sheet_pdf(&sheet, &Options::default()).unwrap(),
    );
    let n = pages(&path);
    assert!(n >= 3, "only {n} pages");
    let page_texts: Vec<String> = (1..=n)
        .map(|i| squash(&text(&path, true, Some(i))))
        .collect();
    for (i, t) in page_texts.iter().enumerate() {
        assert!(
            t.contains(&format!("{}/{n}", i + 1)),
            "page {} unnumbered",
            i + 1
        );
    }
    for h in 0..12 {
        let tag = format!("H{h:03}");
        let on: Vec<usize> = (0..n).filter(|&i| page_texts[i].contains(&tag)).collect();
        assert_eq!(on.len(), 1, "block {tag} is on pages {on:?}");
        let t = &page_texts[on[0]];
        assert!(t.contains(&format!("住户{tag}")));
        assert!(t.contains(&format!("小计{tag}")));
        assert_eq!(t.matches(&format!("商品{tag}")).count(), 9);
    }
    assert!(page_texts[n - 1].contains("共12户"));
    assert_inside_margins(&path);
}

#[test]
fn a_block_longer_than_a_page_continues_with_its_heading_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = big_sheet(1, 80);
    let path = write(
        dir.path(),
        "longblock.pdf",
        &sheet_pdf(&sheet, &Options::default()).unwrap(),
    );
    let n = pages(&path);
    assert!(n >= 2);
    let mut rows = 0;
    for i in 1..=n {
        let t = squash(&text(&path, true, Some(i)));
        assert!(t.contains("住户H000"), "heading not repeated on page {i}");
        rows += t.matches("商品H000").count();
    }
    assert_eq!(rows, 80);
}

#[test]
fn an_empty_sheet_is_one_page_with_its_footer() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = Sheet {
        title: "分拣单".into(),
        subtitle: String::new(),
        blocks: Vec::new(),
        footer: "今天没有订单".into(),
    };
    let path = write(
        dir.path(),
        "empty.pdf",
        &sheet_pdf(&sheet, &Options::default()).unwrap(),
    );
    assert_eq!(pages(&path), 1);
    let t = squash(&text(&path, true, None));
    assert!(t.contains("分拣单") && t.contains("今天没有订单"), "{t}");

    let blank = sheet_pdf(&Sheet::default(), &Options { large: true }).unwrap();
    assert_eq!(pages(&write(dir.path(), "blank.pdf", &blank)), 1);
}

#[test]
fn the_invite_shows_its_code_and_steps_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let invite = Invite {
        title: "欢迎加入 幸福里3号楼".into(),
        lines: vec![
            ("地址".into(), "http://192.168.1.20:7878".into()),
            ("邀请码".into(), "ABCD-EFGH-JKLM".into()),
        ],
        steps: vec![
            "在电脑上打开“邻里”，点“加入团”。".into(),
            "输入上面的地址和邀请码，点“加入”。".into(),
            "看到团名“幸福里3号楼”，就加入好了。".into(),
        ],
        note: "团长的电脑开着时才能同步；关着时大家的电脑照常用，之后再发送。".into(),
    };
    let path = write(dir.path(), "invite.pdf", &invite_pdf(&invite).unwrap());
    assert_eq!(pages(&path), 1);
    assert_inside_margins(&path);
    let t = squash(&text(&path, true, None));
    for s in [&invite.title, &invite.note]
        .into_iter()
        .chain(invite.steps.iter())
        .chain(invite.lines.iter().flat_map(|(a, b)| [a, b]))
    {
        assert!(t.contains(&squash(s)), "{s:?} missing in {t}");
    }
    // Large print: the code at 28 pt or more, the steps (and their numbers) at 20 pt or more.
    let words = words(&path);
    let size_of = |text: &str| {
        words
            .iter()
            .find(|w| w.text.contains(text))
            .unwrap_or_else(|| panic!("{text:?} not found"))
            .size()
    };
    assert!(size_of("ABCD-EFGH-JKLM") >= 28.0);
    assert!(size_of("192.168.1.20") >= 28.0);
    for n in ["1", "2", "3"] {
        let number = words.iter().find(|w| w.text == n).expect("step number");
        assert!(number.size() >= 20.0);
    }
    for text in ["加入团", "邀请码，点", "就加入好了"] {
        assert!(size_of(text) >= 20.0, "{text:?} at {} pt", size_of(text));
    }
    assert!(words.iter().all(|w| w.size() >= 18.0));
}

#[test]
fn the_guide_numbers_its_steps_in_large_print_inside_the_margins() {
    let dir = tempfile::tempdir().unwrap();
    let guide = Guide {
        title: "邻里 大字说明书".into(),
        intro: "照着下面几步做，不会就按“求助”。".into(),
        steps: (1..=6)
            .map(|i| format!("第{i}步：按一下想买的东西，再按“下一步”。"))
            .collect(),
        note: "这张纸可以贴在电脑旁边。".into(),
    };
    let path = write(dir.path(), "guide.pdf", &guide_pdf(&guide).unwrap());
    assert_inside_margins(&path);
    // In reading order (with -layout the step numbers fall among the words).
    let t = squash(&text(&path, false, None));
    for s in [&guide.title, &guide.intro, &guide.note]
        .into_iter()
        .chain(guide.steps.iter())
    {
        assert!(t.contains(&squash(s)), "{s:?} missing in {t}");
    }
    let words = words(&path);
    for n in ["1", "6"] {
        let number = words.iter().find(|w| w.text == n).expect("step number");
        assert!(number.size() >= 20.0);
    }
    // Everything but the page numbers at the foot of the page (16 pt).
    assert!(
        words
            .iter()
            .filter(|w| w.y0 < 760.0)
            .all(|w| w.size() >= 18.0)
    );
}

#[test]
fn a_very_long_unbroken_string_wraps_by_character() {
    let dir = tempfile::tempdir().unwrap();
    let long_latin = "X".repeat(3000);
    let long_cjk = "长".repeat(400);
    let sheet = Sheet {
        title: long_cjk.clone(),
        subtitle: long_latin.clone(),
        blocks: vec![Block {
            heading: long_latin.clone(),
            note: long_latin.clone(),
            rows: vec![
                row(&[&long_cjk, &long_latin, &long_latin], true),
                row(&[&long_latin], false),
            ],
            total: long_cjk.clone(),
        }],
        footer: long_latin.clone(),
    };
    for large in [false, true] {
        let pdf = sheet_pdf(&sheet, &Options { large }).unwrap();
        let path = write(dir.path(), "huge.pdf", &pdf);
        let n = pages(&path);
        let raw = squash(&text(&path, false, None));
        assert!(raw.matches('X').count() >= 3000 * 6, "pages: {n}");
        assert_inside_margins(&path);
    }
    let invite = Invite {
        title: long_cjk.clone(),
        lines: vec![("码".into(), long_latin.clone())],
        steps: vec![long_latin.clone(), long_cjk.clone()],
        note: long_latin,
    };
    let path = write(dir.path(), "huge-invite.pdf", &invite_pdf(&invite).unwrap());
    assert!(pages(&path) >= 2);
    assert_inside_margins(&path);
}
