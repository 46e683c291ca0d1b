//! Writes sample printouts to look at: `cargo run -p linli-print --example samples -- DIR`.

use linli_print::{
    Block, FormItem, Invite, LinkSheet, Options, OrderForm, Row, Sheet, Slip, Slips, invite_pdf,
    link_pdf, order_form_pdf, sheet_pdf, slips_pdf,
};

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
    std::fs::write(
        dir.join("order-form.pdf"),
        order_form_pdf(&order_form()).expect("form"),
    )
    .unwrap();
    std::fs::write(dir.join("slips.pdf"), slips_pdf(&slips()).expect("slips")).unwrap();
    std::fs::write(dir.join("link.pdf"), link_pdf(&link()).expect("link")).unwrap();
}

/// Eight deals: two pages.
fn order_form() -> OrderForm {
    OrderForm {
        title: "幸福里3号楼 订货单".into(),
        subtitle: "12月6日（今天） · 想要的，请在方框里写数量".into(),
        name_label: "姓名：".into(),
        items: (1..=8)
            .map(|n| FormItem {
                number: n,
                name: [
                    "西红柿",
                    "鸡蛋 土鸡蛋 30个装",
                    "Whole milk, 1 litre",
                    "大米",
                ][n as usize % 4]
                    .into(),
                lines: vec![
                    "每斤 ¥3.80 · 超市价 ¥5.00".into(),
                    "明天晚上6点截单".into(),
                    "12月8日在3号楼门口取货".into(),
                ],
                unit: ["斤", "盒(30个)", "bottle", "袋"][n as usize % 4].into(),
            })
            .collect(),
        qty_label: "数量".into(),
        footer: "写好后，请交给团长，或者放回取货点。".into(),
    }
}

/// Twelve neighbours, one with many items.
fn slips() -> Slips {
    Slips {
        title: "取货条 · 12月8日".into(),
        slips: (0..12)
            .map(|i| Slip {
                name: format!("{}号楼 王阿姨 {i}", 1 + i % 3),
                pickup: "12月8日（明天）在3号楼门口取货".into(),
                rows: (0..1 + (i * 7) % 4 + if i == 5 { 14 } else { 0 })
                    .map(|l| {
                        vec![
                            ["西红柿", "鸡蛋 土鸡蛋 30个装", "Whole milk, 1 litre"][l % 3].into(),
                            format!("{} 斤", 1 + l),
                            format!("¥{}.60", 7 + l * 3),
                        ]
                    })
                    .collect(),
                total: "合计 ¥46.60".into(),
                code_label: "取货码".into(),
                code: format!("{:06}", 482_193 + i * 7_919),
            })
            .collect(),
        empty: String::new(),
    }
}

/// An invite-length code and a fingerprint: still one page.
fn link() -> LinkSheet {
    LinkSheet {
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
            "第三步：写上面的地址和这个连接码，再按“加入”。以前订的东西和余额都还在".into(),
        ],
        note: "这个码只能用一次；用过后请撕掉。".into(),
    }
}
