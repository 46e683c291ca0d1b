//! The organiser's Figures page in the real app (iced_test's simulator) against a real hub
//! on loopback: sales show once a deal's goods are in, a loss she records shows its money
//! after it is synced, Read aloud says the summaries in order, and Export (E) writes CSV
//! files whose sales total is the one the page says.

mod common;

use common::org::OrgWorld;
use iced::keyboard::{Key, key::Named};
use linli::advanced::{Message as A, Page, stock};
use linli::files::csv::BOM;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_show_sales_and_a_synced_loss_and_export_what_they_say() {
    let mut w = OrgWorld::new().await;
    w.tomatoes_arrived(4).await;

    // All (the default): 4 斤 at ¥3.80 formed for tomorrow's pickup.
    w.click("数据");
    assert_eq!(w.app.advanced.page, Page::Figures);
    let sales = "到现在卖了 ¥15.20，西红柿卖得最好。";
    assert!(w.shows(sales), "the sales sentence leads the page");
    assert!(w.shows("卖得最好的是西红柿 ¥15.20。"));
    assert!(w.shows("¥15.20"), "the number is printed on its bar");
    assert!(w.shows("到现在没有损耗。"));

    // A loss recorded on the Stock page and synced: its money shows in the figures.
    w.click("库存");
    w.click("🍅 西红柿");
    w.send(A::Stock(stock::Message::Qty("1".into())));
    common::press(&mut w.app, common::char_key("1"));
    common::press(&mut w.app, Key::Named(Named::Enter));
    w.sync().await;
    assert!(
        w.store.lock().unwrap().outbox(10).unwrap().is_empty(),
        "the hub has answered the loss"
    );
    // Ctrl+0: the tenth tab, on laptops whose F-keys change the brightness.
    common::org::press_ctrl(&mut w.app, "0");
    assert_eq!(w.app.advanced.page, linli::advanced::Page::Figures);
    let loss = "到现在损耗了 ¥3.80，最多的是西红柿：¥3.80，损耗率 25%。";
    assert!(w.shows(loss), "1 of 4 斤 lost, at the deal's ¥3.80");
    assert!(w.shows("¥3.80（25%）"), "money and rate on the bar");

    // Read aloud: the page's title, then every summary in the page's order.
    common::press(&mut w.app, common::char_key("r"));
    let said = w.app.speaker.last.clone();
    assert_eq!(said[0], "数据");
    assert_eq!(said[1], sales);
    assert!(said.iter().position(|l| l == loss) > Some(1), "{said:?}");
    assert_eq!(said.len(), 9, "title and eight summaries: {said:?}");
    assert_eq!(
        said[5], "到现在没有帮邻居订的单。",
        "after the neighbours who ordered"
    );

    // Export by key E: the files are in exports/<day> beside her data, said in words.
    common::press(&mut w.app, common::char_key("e"));
    let written = match &w.app.advanced.figures.last_export {
        Some(Ok(written)) => written.clone(),
        other => panic!("no export: {other:?}"),
    };
    assert!(written.folder.starts_with(w.dir.path().join("exports")));
    let words = w.app.advanced.figures.export_words.clone().unwrap();
    assert!(
        words.starts_with("表格存好了，在 ") && words.contains("一共 11 个文件"),
        "{words}"
    );
    assert!(w.shows(&words), "shown on the page");
    assert!(w.app.speaker.last.contains(&words), "and said");
    let bytes = std::fs::read(written.folder.join("sales_by_day.csv")).unwrap();
    assert!(bytes.starts_with(BOM));
    let mut r = csv::Reader::from_reader(&bytes[BOM.len()..]);
    let total: f64 = r
        .records()
        .map(|x| x.unwrap()[2].parse::<f64>().unwrap())
        .sum();
    assert_eq!(format!("¥{total:.2}"), "¥15.20", "the sales the page says");
    let losses = std::fs::read_to_string(written.folder.join("loss_movements.csv")).unwrap();
    assert!(losses.contains("西红柿,坏了,1,3.80,3.80"), "{losses}");
}

/// Tables that can't be written: the page says so in her words with what to do next, the
/// system's words small under it for a family member (issue 20, Words).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_that_were_not_saved_are_said_in_her_words_with_the_detail_apart() {
    let mut w = OrgWorld::new().await;
    // Where the tables go is taken by a file: the folder can't be made.
    std::fs::write(w.dir.path().join("exports"), b"in the way").unwrap();
    w.click("数据");
    common::press(&mut w.app, common::char_key("e"));
    let Some(Err(detail)) = w.app.advanced.figures.last_export.clone() else {
        panic!("the export failed")
    };
    let words = "表格没有存上。请看看电脑里还有没有地方，再试一次；还不行的话，请家人帮忙看看。";
    assert!(w.shows(words), "her sentence, on the page");
    assert!(w.shows(&format!("给家人看：{detail}")), "the detail apart");
    assert!(w.app.speaker.last.contains(&words.to_string()), "said");
    assert!(
        !w.app.speaker.last.iter().any(|l| l.contains(&detail)),
        "the detail is not said"
    );
}
