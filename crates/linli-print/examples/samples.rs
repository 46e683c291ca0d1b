//! Writes sample printouts to look at: `cargo run -p linli-print --example samples -- DIR`.

use linli_print::{Block, Invite, Options, Row, Sheet, invite_pdf, sheet_pdf};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let row = |c: &[&str], tick| Row {
        cells: c.iter().map(|s| s.to_string()).collect(),
        tick,
    };
    let sheet = Sheet {
        title: "分拣单 · 按住户 · 11月27日 周五".into(),
        subtitle: "幸福里3号楼 · 3号楼门口 · 打印于 11月26日 18:30".into(),
        blocks: (0..14)
            .map(|h| Block {
                heading: format!("{}号楼 {}室 王阿姨", 1 + h % 3, 201 + h),
                note: format!("取货码 {:04}", 4821 + h * 37),
                rows: (0..2 + h % 5)
                    .map(|l| {
                        let p = [
                            "西红柿",
                            "鸡蛋 土鸡蛋 30个装",
                            "Whole milk, 1 litre",
                            "大米 五常 10kg",
                        ][l % 4];
                        row(
                            &[p, &format!("{} 斤", 1 + l), &format!("¥{}.60", 7 + l * 3)],
                            true,
                        )
                    })
                    .collect(),
                total: format!("小计 ¥{}.40", 23 + h),
            })
            .collect(),
        footer: "共 14 户，合计 ¥1,234.50".into(),
    };
    for large in [false, true] {
        let pdf = sheet_pdf(&sheet, &Options { large }).expect("sheet");
        std::fs::write(
            dir.join(format!("sheet{}.pdf", if large { "-large" } else { "" })),
            pdf,
        )
        .unwrap();
    }
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
    std::fs::write(dir.join("invite.pdf"), invite_pdf(&invite).expect("invite")).unwrap();
    let long = "X".repeat(3000);
    let huge = Invite {
        title: "长".repeat(400),
        lines: vec![("码".into(), long.clone())],
        steps: vec![long.clone(), "长".repeat(400)],
        note: long,
    };
    std::fs::write(
        dir.join("huge-invite.pdf"),
        invite_pdf(&huge).expect("invite"),
    )
    .unwrap();
}
