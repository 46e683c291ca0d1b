//! Rendering time and size of a big sort sheet, against a one-household baseline.
//!
//! Run with `cargo bench -p linli-print --bench sheet`. Prints the median of 5 runs.

use std::time::{Duration, Instant};

use linli_print::{Block, Options, Row, Sheet, sheet_pdf};

const PRODUCTS: [&str; 8] = [
    "西红柿",
    "鸡蛋 土鸡蛋",
    "大米 五常 10kg",
    "Whole milk 1 L",
    "黄瓜",
    "苹果 红富士",
    "豆腐",
    "青菜",
];

/// `households` blocks of `lines` rows each, worded like a real sort sheet.
fn sheet(households: usize, lines: usize) -> Sheet {
    Sheet {
        title: "分拣单 · 按住户 · 11月27日 周五".into(),
        subtitle: "幸福里3号楼 · 3号楼门口 · 打印于 11月26日 18:30".into(),
        blocks: (0..households)
            .map(|h| Block {
                heading: format!("{}号楼 {}室 住户{h}", 1 + h % 9, 101 + h),
                note: format!("取货码 {:04}", 1000 + h),
                rows: (0..lines)
                    .map(|l| Row {
                        cells: vec![
                            PRODUCTS[(h + l) % PRODUCTS.len()].to_string(),
                            format!("{} 斤", 1 + l % 4),
                            format!("¥{}.{:02}", 3 + l, (h * 7 + l) % 100),
                        ],
                        tick: true,
                    })
                    .collect(),
                total: format!("小计 ¥{}.50", 100 + h),
            })
            .collect(),
        footer: format!("共 {households} 户，合计 ¥1,234.50"),
    }
}

/// The page count from the page tree's `/Count` entry (krilla writes one page tree).
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Count ";
    pdf.windows(needle.len())
        .position(|w| w == needle)
        .map(|at| {
            pdf[at + needle.len()..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .fold(0, |n, b| n * 10 + usize::from(b - b'0'))
        })
        .unwrap_or(0)
}

/// Median time of 5 renders, the PDF's size in bytes and its page count.
fn measure(sheet: &Sheet, opt: &Options) -> (Duration, usize, usize) {
    let mut times = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        pdf = sheet_pdf(sheet, opt).expect("renders");
        times.push(t.elapsed());
    }
    times.sort();
    (times[2], pdf.len(), page_count(&pdf))
}

fn main() {
    // The font is parsed once per process; do it outside the timings.
    let first = Instant::now();
    sheet_pdf(&sheet(1, 1), &Options::default()).expect("renders");
    println!("first render (font load included): {:?}", first.elapsed());
    for (households, lines) in [(1, 20), (200, 20)] {
        for large in [false, true] {
            let s = sheet(households, lines);
            let (t, size, pages) = measure(&s, &Options { large });
            println!(
                "{households:>3} households × {lines} lines, large {large:<5}: median {t:>10.2?}, {size:>8} bytes, {pages:>3} pages"
            );
        }
    }
}
