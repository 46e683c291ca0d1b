//! Every statement the store runs during a whole group's life reads through an index:
//! the demo group is imported, then a day is run on it with SQLite's statement trace on,
//! and each traced statement's plan is checked.

use super::Store;
use crate::demo::{DemoConfig, generate};
use crate::model::*;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::collections::BTreeSet;
use std::sync::Mutex;

static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn record(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(_, sql) = e {
        SEEN.lock().unwrap().insert(sql.to_owned());
    }
}

#[test]
fn every_statement_of_a_day_uses_an_index() {
    let data = generate(&DemoConfig {
        members: 40,
        days: 10,
        ..DemoConfig::standard()
    });
    let mut s = Store::open_in_memory().unwrap();
    s.import(&data).unwrap();
    s.conn()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));

    let g = data.group.id;
    let member = data
        .members
        .iter()
        .find(|m| m.role == Role::Member)
        .unwrap()
        .id;
    let last = data.deals.iter().max_by_key(|d| d.cutoff).unwrap();
    let deal = Deal {
        id: DealId::new(),
        state: DealState::Open,
        arrived_qty: None,
        min_total: 1,
        ..last.clone()
    };
    let now = deal.cutoff - chrono::Duration::hours(2);
    s.send(
        &crate::command::Command::PublishDeal { deal: deal.clone() },
        now,
    )
    .unwrap();
    // Two more deals: one closed early, one called off after an order.
    let early = Deal {
        id: DealId::new(),
        ..deal.clone()
    };
    let off = Deal {
        id: DealId::new(),
        ..deal.clone()
    };
    for d in [&early, &off] {
        s.send(
            &crate::command::Command::PublishDeal { deal: d.clone() },
            now,
        )
        .unwrap();
    }
    s.place_order(member, off.id, OrderId::new(), 1, now)
        .unwrap();
    s.deal_progress(g).unwrap();
    s.needs_doing(g, now, deal.pickup_day).unwrap();
    s.yesterdays_deals(g, now).unwrap();
    s.immediate(|c| super::day::close_now(c, early.id, now))
        .unwrap();
    s.immediate(|c| super::day::call_off(c, off.id, now))
        .unwrap();
    let o = s
        .place_order(member, deal.id, OrderId::new(), 1, now)
        .unwrap();
    s.change_order(o.id, 2, now).unwrap();
    let o2 = s
        .place_order(member, deal.id, OrderId::new(), 1, now)
        .unwrap();
    s.cancel_order(o2.id, now).unwrap();
    s.open_deals(g).unwrap();
    s.orders_of_member(member, 20).unwrap();
    s.close_due_deals(g, deal.cutoff).unwrap();
    s.arrival_preview(deal.id, 1).unwrap();
    s.record_arrival(deal.id, 1, deal.cutoff + chrono::Duration::hours(10))
        .unwrap();
    let code = s
        .pickup_code(g, member, deal.pickup_day, &mut rand::rng())
        .unwrap();
    s.verify_pickup(g, deal.pickup_day, &code).unwrap();
    s.day_sheet(g, deal.pickup_day).unwrap();
    s.desk_lookup_by_name(g, deal.pickup_day, "a").unwrap();
    s.waiting_at_desk(g, deal.pickup_day).unwrap();
    s.hand_over(
        member,
        deal.pickup_day,
        deal.cutoff + chrono::Duration::hours(12),
    )
    .unwrap();
    s.mark_unclaimed(
        member,
        deal.pickup_day,
        deal.cutoff + chrono::Duration::hours(20),
    )
    .unwrap();
    s.balance(member).unwrap();
    s.member_ledger(member, 12).unwrap();
    let x = s
        .file_complaint(member, o.id, ComplaintKind::Broken, "", deal.cutoff)
        .unwrap();
    s.open_complaints(g).unwrap();
    s.answer_complaint(x.id, Some(crate::Fen(1)), "", deal.cutoff)
        .unwrap();
    s.immediate(|c| {
        let y = super::complaints::file(
            c,
            member,
            ComplaintId::new(),
            o.id,
            ComplaintKind::Other,
            "",
            deal.cutoff,
        )?;
        super::complaints::answer(c, y.id, None, "好", deal.cutoff)
    })
    .unwrap();
    s.complaints_of_member(member).unwrap();
    s.complaints_of_order(o.id).unwrap();
    s.balances(g).unwrap();
    s.owing_for_day(g, deal.pickup_day).unwrap();
    s.savings_of_member(member, deal.pickup_day, deal.pickup_day)
        .unwrap();
    s.on_hand(deal.product_id).unwrap();
    s.suggest_quantity(deal.product_id, deal.pickup_day)
        .unwrap();
    s.notices(g, 10).unwrap();
    s.tips(g, 10).unwrap();
    s.suggestions(g, 10).unwrap();
    s.open_help_requests(g).unwrap();
    s.members(g).unwrap();
    s.products(g).unwrap();
    let ids: Vec<uuid::Uuid> = s
        .outbox(10)
        .unwrap()
        .iter()
        .map(|p| p.envelope.id)
        .collect();
    s.outbox_failed(&ids, "offline").unwrap();
    s.outbox_done(&ids).unwrap();
    let from = data.deals.iter().map(|d| d.pickup_day).min().unwrap();
    let to = deal.pickup_day;
    s.sales_by_day(from, to).unwrap();
    s.sales_by_product(from, to).unwrap();
    s.forming_rate(from, to).unwrap();
    s.active_members_per_week(from, to).unwrap();
    s.loss_rate_per_product(from, to).unwrap();
    s.unclaimed_orders(from, to, 50).unwrap();
    s.loss_money_per_product(from, to).unwrap();
    s.loss_money_per_week(from, to).unwrap();
    s.sales_total(from, to).unwrap();
    s.order_days().unwrap();
    s.entered_for_neighbours(from, to).unwrap();
    s.conn().trace_v2(TraceEventCodes::empty(), None);

    let seen = std::mem::take(&mut *SEEN.lock().unwrap());
    let mut checked = 0;
    for sql in seen {
        let head = sql.trim_start().to_ascii_uppercase();
        if head.starts_with("--")
            || head.starts_with("PRAGMA")
            || head.starts_with("BEGIN")
            || head.starts_with("COMMIT")
        {
            continue;
        }
        let scans = s.full_table_scans(&sql).unwrap();
        assert!(scans.is_empty(), "full scan in {sql}\n{scans:?}");
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} statements traced");
}
