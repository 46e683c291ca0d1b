//! What the screens show, read from the local store in one go after every write and sync.
//! `view()` reads only this; it never queries.

use chrono::{Datelike, Local, NaiveDate};
use linli_core::Fen;
use linli_core::model::*;
use linli_core::store::community::{HelpLine, SuggestionLine, TipLine};
use linli_core::store::complaints::ComplaintLine;
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store, rows};
use std::collections::HashMap;

/// A deal as a card on the deals screen.
#[derive(Debug, Clone, PartialEq)]
pub struct DealCard {
    pub deal: Deal,
    pub name: String,
    pub emoji: String,
    /// Units still free, as far as this device knows (the hub decides).
    pub left: u32,
    /// Units this member has on it.
    pub mine: u32,
    /// The usual market price per unit, the organiser's word (节俭持家), if she gave one.
    pub shop_price: Option<Fen>,
}

impl DealCard {
    /// How much cheaper a unit is here than at the market, when the organiser said so.
    pub fn cheaper_by(&self) -> Option<Fen> {
        self.shop_price
            .filter(|shop| *shop > self.deal.price)
            .map(|shop| shop - self.deal.price)
    }
}

/// One of my orders with what it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderLine {
    pub order: Order,
    pub name: String,
    pub emoji: String,
    pub unit: String,
    pub deal: Deal,
    /// Who placed or last changed it for her (代下单), when someone else did.
    pub entered_by: Option<Enterer>,
}

/// Someone who entered an order for her: a volunteer or the organiser (named as such).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterer {
    pub name: String,
    pub organiser: bool,
}

/// Where and when to collect next, with which code.
#[derive(Debug, Clone, PartialEq)]
pub struct Pickup {
    pub day: NaiveDate,
    pub place: String,
    pub code: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewModel {
    pub deals: Vec<DealCard>,
    pub orders: Vec<OrderLine>,
    pub pickup: Option<Pickup>,
    pub notices: Vec<Notice>,
    /// My complaints (售后), newest first.
    pub complaints: Vec<ComplaintLine>,
    /// What I saved against the organiser's market prices on this calendar month's pickups.
    pub saved_this_month: Fen,
    /// Commands waiting for the hub.
    pub pending: i64,
    /// Her own help requests, newest first, with her helper's name (青银协作).
    pub my_help: Vec<HelpLine>,
    /// The neighbours' help requests, for a volunteer, the organiser or a coordinator.
    pub helping: Helping,
    /// Tips, suggestions and whether she is an expert (经验分享, 意见采纳).
    pub neighbours: Neighbours,
}

impl ViewModel {
    /// Reads everything the member's screens show.
    pub fn load(store: &Store, me: &Identity, today: NaiveDate) -> Result<ViewModel> {
        let products: HashMap<ProductId, Product> = store
            .products(me.group_id)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let label = |id: ProductId| {
            products
                .get(&id)
                .map(|p| (p.name.clone(), p.emoji.clone(), p.shop_price))
                .unwrap_or_else(|| ("?".into(), String::new(), None))
        };
        let mine = store.orders_of_member(me.member_id, 200)?;
        let mut deals = Vec::new();
        for d in store.open_deals(me.group_id)? {
            let my_units: u32 = mine
                .iter()
                .filter(|o| o.deal_id == d.id && o.state.is_active())
                .map(|o| o.qty)
                .sum();
            let local: u32 = store
                .orders_of_deal(d.id)?
                .iter()
                .filter(|o| o.state.is_active())
                .map(|o| o.qty)
                .sum();
            let sold = store.deal_sold(d.id)?.unwrap_or(0).max(local);
            let (name, emoji, shop_price) = label(d.product_id);
            deals.push(DealCard {
                left: d.stock.saturating_sub(sold),
                mine: my_units,
                shop_price,
                name,
                emoji,
                deal: d,
            });
        }
        let mut orders = Vec::new();
        let mut enterers: HashMap<MemberId, Option<Enterer>> = HashMap::new();
        for o in mine {
            let Ok(deal) = store.deal(o.deal_id) else {
                continue;
            };
            let (name, emoji, _) = label(deal.product_id);
            let entered_by = match o.entered_by.filter(|by| *by != me.member_id) {
                Some(by) => match enterers.get(&by) {
                    Some(e) => e.clone(),
                    None => {
                        let e = store.member(by)?.map(|m| Enterer {
                            organiser: m.role == Role::Organiser,
                            name: m.display_name,
                        });
                        enterers.insert(by, e.clone());
                        e
                    }
                },
                None => None,
            };
            orders.push(OrderLine {
                entered_by,
                unit: deal.unit.clone(),
                order: o,
                name,
                emoji,
                deal,
            });
        }
        // The next day with goods to collect, and my code for it.
        let next = orders
            .iter()
            .filter(|l| {
                matches!(l.order.state, OrderState::Confirmed | OrderState::Ready)
                    && l.deal.pickup_day >= today
            })
            .min_by_key(|l| l.deal.pickup_day);
        let pickup = match next {
            Some(l) => store
                .read(|c| rows::pickup_codes(c, me.group_id, l.deal.pickup_day))?
                .into_iter()
                .find(|c| c.member_id == me.member_id)
                .map(|c| Pickup {
                    day: l.deal.pickup_day,
                    place: l.deal.pickup_place.clone(),
                    code: c.code,
                }),
            None => None,
        };
        Ok(ViewModel {
            deals,
            orders,
            pickup,
            notices: store.notices(me.group_id, 20)?,
            complaints: store.complaints_of_member(me.member_id)?,
            saved_this_month: store.savings_of_member(
                me.member_id,
                today.with_day(1).unwrap_or(today),
                month_end(today),
            )?,
            pending: store.outbox_len()?,
            my_help: store.my_help(me.member_id)?,
            helping: Helping::load(store, me)?,
            neighbours: Neighbours::load(store, me)?,
        })
    }

    /// The order's complaints, oldest first: its after-sales history.
    pub fn complaints_of(&self, order: OrderId) -> impl Iterator<Item = &ComplaintLine> {
        self.complaints
            .iter()
            .rev()
            .filter(move |x| x.complaint.order_id == order)
    }

    /// Today, on this computer's calendar.
    pub fn today() -> NaiveDate {
        Local::now().date_naive()
    }
}

/// The last day of `d`'s month.
fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

// --- Volunteers and help (青银协作) ---

/// What the volunteers' list (邻居求助) shows: the requests not yet done and, for an
/// elderly coordinator, the suggestions not yet adopted. Empty for an ordinary member.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Helping {
    /// Read from a store at least once (so the first load announces nothing).
    pub loaded: bool,
    /// This device's member.
    pub me: Option<MemberId>,
    /// She sees the neighbours' requests: a volunteer, the organiser or a coordinator.
    pub follows_up: bool,
    /// She may claim and finish them (the hub lets volunteers and the organiser).
    pub can_claim: bool,
    /// Named elderly coordinator (老年协调员) by the organiser.
    pub coordinator: bool,
    /// Open requests, then claimed ones, each oldest first, with names.
    pub lines: Vec<HelpLine>,
    /// Suggestions not answered yet or being considered, oldest first (coordinators and
    /// the organiser).
    pub suggestions: Vec<SuggestionLine>,
}

impl Helping {
    pub fn load(store: &Store, me: &Identity) -> Result<Helping> {
        let member = store.member(me.member_id)?;
        let coordinator = member
            .as_ref()
            .is_some_and(|m| m.coordinator && m.left_at.is_none());
        let can_claim = matches!(me.role, Role::Volunteer | Role::Organiser);
        let follows_up = can_claim || coordinator;
        let mut h = Helping {
            loaded: true,
            me: Some(me.member_id),
            follows_up,
            can_claim,
            coordinator,
            ..Helping::default()
        };
        if !follows_up {
            return Ok(h);
        }
        h.lines = store.help_lines(me.group_id)?;
        if coordinator || me.role == Role::Organiser {
            h.suggestions = store
                .suggestion_lines(me.group_id)?
                .into_iter()
                .filter(|s| {
                    matches!(
                        s.suggestion.state,
                        SuggestionState::New | SuggestionState::Considering
                    )
                })
                .collect();
            h.suggestions.reverse();
        }
        Ok(h)
    }
}

/// What the member's device holds of the neighbours' part of the group, read with the view
/// model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Neighbours {
    /// Approved tips, newest first.
    pub tips: Vec<TipLine>,
    /// Her own tips waiting for the organiser's approval, newest first.
    pub waiting: Vec<TipLine>,
    /// Her own suggestions and everyone's adopted ones, newest first.
    pub suggestions: Vec<SuggestionLine>,
    /// Whether the organiser named her an expert (达人): she may write tips.
    pub expert: bool,
    /// The group's products, for the tip's "about what".
    pub products: Vec<Product>,
    pub me: Option<MemberId>,
    /// Read from a store at least once (announcements compare with a loaded one only).
    pub loaded: bool,
}

impl Neighbours {
    pub fn load(store: &Store, me: &Identity) -> Result<Neighbours> {
        let expert = store
            .member(me.member_id)?
            .is_some_and(|m| m.expert && m.left_at.is_none());
        Ok(Neighbours {
            tips: store.tips_shown(me.group_id)?,
            waiting: store
                .tips_waiting(me.group_id)?
                .into_iter()
                .filter(|t| t.tip.author_id == me.member_id)
                .collect(),
            suggestions: store.suggestion_lines(me.group_id)?,
            expert,
            products: store.products(me.group_id)?,
            me: Some(me.member_id),
            loaded: true,
        })
    }

    /// Her own suggestions, newest first.
    pub fn mine(&self) -> impl Iterator<Item = &SuggestionLine> {
        self.suggestions
            .iter()
            .filter(move |s| Some(s.suggestion.author_id) == self.me)
    }

    /// Adopted suggestions, newest first.
    pub fn adopted(&self) -> impl Iterator<Item = &SuggestionLine> {
        self.suggestions
            .iter()
            .filter(|s| s.suggestion.state == SuggestionState::Adopted)
    }

    /// The newest approved tip about `product`.
    pub fn tip_about(&self, product: ProductId) -> Option<&TipLine> {
        self.tips.iter().find(|t| t.tip.product_id == Some(product))
    }
}
