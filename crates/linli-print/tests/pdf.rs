//! Real PDFs, read back with poppler's `pdftotext` and `pdfinfo` as a user's viewer would.

use std::path::{Path, PathBuf};
use std::process::Command;

use linli_print::{
    Block, FormItem, Guide, Invite, LinkSheet, Options, OrderForm, Row, Sheet, Slip, Slips,
    guide_pdf, invite_pdf, link_pdf, order_form_pdf, sheet_pdf, slips_pdf,
};

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

/// Words of the page body (not the page numbers at its foot, 16 pt).
fn body(words: &[Word]) -> impl Iterator<Item = &Word> {
    words.iter().filter(|w| w.y0 < 760.0)
}

#[test]
fn the_order_form_numbers_its_deals_in_large_print_and_keeps_each_whole() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "西红柿",
        "土鸡蛋",
        "Whole milk",
        "五常大米",
        "大白菜",
        "香蕉",
        "苹果",
        "猪肉",
    ];
    let form = OrderForm {
        title: "幸福里3号楼 订货单".into(),
        subtitle: "12月6日（今天） · 想要的，请在方框里写数量".into(),
        name_label: "姓名：".into(),
        items: names
            .iter()
            .enumerate()
            .map(|(i, n)| FormItem {
                number: i as u32 + 1,
                name: n.to_string(),
                lines: vec![
                    "每斤 ¥3.80 · 超市价 ¥5.00".into(),
                    "明天晚上6点截单".into(),
                    format!("12月8日在{}号楼门口取货", i + 1),
                ],
                unit: "斤".into(),
            })
            .collect(),
        qty_label: "数量".into(),
        footer: "写好后，请交给团长，或者放回取货点。".into(),
    };
    let path = write(dir.path(), "form.pdf", &order_form_pdf(&form).unwrap());
    let n = pages(&path);
    assert!(n >= 2, "eight deals in large print take more than a page");
    assert_inside_margins(&path);
    let words = words(&path);
    assert!(
        body(&words).all(|w| w.size() >= 18.0),
        "body text at 18 pt or more"
    );
    let number = words
        .iter()
        .find(|w| w.text == "8")
        .expect("the last number");
    assert!(number.size() >= 28.0);
    // Each deal whole on one page, in order, with its own pickup line and a box label.
    let mut seen = Vec::new();
    for page in 1..=n {
        let t = squash(&text(&path, true, Some(page)));
        assert!(
            t.contains(&format!("{page}/{n}")),
            "page number on {page}: {t}"
        );
        if page > 1 {
            assert!(t.contains("姓名：____"), "her name line on every page: {t}");
        }
        for (i, name) in names.iter().enumerate() {
            if t.contains(&squash(name)) {
                assert!(
                    t.contains(&format!("{}号楼门口取货", i + 1)),
                    "{name} split from its facts on page {page}: {t}"
                );
                seen.push(i);
            }
        }
        assert_eq!(
            t.matches("数量").count() - t.matches("写数量").count(),
            names.iter().filter(|x| t.contains(&squash(x))).count(),
            "a box for each deal on page {page}"
        );
    }
    assert_eq!(
        seen,
        (0..names.len()).collect::<Vec<_>>(),
        "each once, in order"
    );
    let all = squash(&text(&path, true, None));
    assert!(all.contains("交给团长，或者放回取货点"));
}

#[test]
fn slips_keep_each_neighbour_whole_with_her_code_very_large() {
    let dir = tempfile::tempdir().unwrap();
    let slips = Slips {
        title: "取货条 · 12月8日".into(),
        slips: (0..12)
            .map(|i| Slip {
                name: format!("王阿姨{i}号"),
                pickup: "12月8日（明天）在3号楼门口取货".into(),
                rows: (0..1 + i % 3 + if i == 5 { 20 } else { 0 })
                    .map(|l| vec![format!("西红柿{l}"), "2 斤".into(), "¥7.60".into()])
                    .collect(),
                total: format!("合计 ¥{i}6.60"),
                code_label: "取货码".into(),
                code: format!("{:06}", 100_003 + i * 7_919),
            })
            .collect(),
        empty: String::new(),
    };
    let path = write(dir.path(), "slips.pdf", &slips_pdf(&slips).unwrap());
    let n = pages(&path);
    assert!(n >= 3, "several to a page, not all on one: {n}");
    assert_inside_margins(&path);
    let words = words(&path);
    for s in &slips.slips {
        let code = words.iter().find(|w| w.text == s.code).expect("her code");
        assert!(code.size() >= 40.0, "the code at {} pt", code.size());
    }
    for w in body(&words) {
        assert!(w.size() >= 17.99, "{:?} at {} pt", w.text, w.size());
    }
    // Her name, code and total always on one page.
    let mut found = 0;
    for page in 1..=n {
        let t = squash(&text(&path, true, Some(page)));
        for s in &slips.slips {
            if t.contains(&s.name) {
                found += 1;
                assert!(t.contains(&s.code), "{}'s code on page {page}", s.name);
                assert!(
                    t.contains(&squash(&s.total)),
                    "{}'s total on page {page}",
                    s.name
                );
            }
        }
    }
    assert_eq!(found, slips.slips.len());
    // No slips: one page saying so.
    let none = Slips {
        empty: "12月8日没有要取的货。".into(),
        ..Slips::default()
    };
    let path = write(dir.path(), "none.pdf", &slips_pdf(&none).unwrap());
    assert_eq!(pages(&path), 1);
    assert!(squash(&text(&path, true, None)).contains("没有要取的货"));
}

#[test]
fn the_link_sheet_is_one_page_with_the_code_very_large() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = LinkSheet {
        title: "王大爷的邻里连接码".into(),
        lines: vec![
            ("地址".into(), "https://192.168.1.20:7878".into()),
            (
                "指纹 · 加入时请核对这串指纹".into(),
                "3F2A 91C0 77B1 0E4D\n5A6B 7C8D 9E0F 1A2B\n3C4D 5E6F 7A8B 9C0D\n1E2F 3A4B 5C6D 7E8F"
                    .into(),
            ),
        ],
        code_label: "连接码".into(),
        code: "87DSP-A40W5-HMBMB-VNT3B".into(),
        steps: vec![
            "第一步：打开电脑或手机上的“邻里”".into(),
            "第二步：按“加入一个团”".into(),
            "第三步：写上面的地址和这个连接码，再按“加入”".into(),
        ],
        note: "这个码只能用一次；用过后请撕掉。".into(),
    };
    let path = write(dir.path(), "link.pdf", &link_pdf(&sheet).unwrap());
    assert_eq!(pages(&path), 1);
    assert_inside_margins(&path);
    let t = squash(&text(&path, true, None));
    for s in [&sheet.title, &sheet.note, &sheet.code_label, &sheet.code]
        .into_iter()
        .chain(sheet.steps.iter())
    {
        assert!(t.contains(&squash(s)), "{s:?} missing in {t}");
    }
    let words = words(&path);
    // Broken between its groups, never inside one.
    let code: Vec<&Word> = words.iter().filter(|w| w.text.contains("HMBMB")).collect();
    assert_eq!(code.len(), 1);
    assert!(code[0].size() >= 40.0, "the code at {} pt", code[0].size());
    assert!(
        words.iter().any(|w| w.text == "VNT3B"),
        "the last group whole"
    );
    assert!(words.iter().all(|w| w.size() >= 18.0));
}
