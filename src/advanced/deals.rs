//! Products and deals: the catalogue (name, an emoji from a picker of common goods, unit),
//! publishing a deal (price, stock, minimum to form, per-member limit, cutoff by quick
//! choice, pickup day and the remembered place) with linli-core's suggested quantity and
//! its reason, copying yesterday's deals in one action, changing a deal before its first
//! order, closing early, and calling off with a reason that members read and hear.

use super::arrival::{Waiting, formed_deals};
use super::{Action, Cx, parse_count, parse_money, typed_money};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use chrono::{Duration, Local, NaiveDateTime, NaiveTime, TimeZone, Utc};
use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::rules::forecast::Suggestion;
use linli_core::store::organiser::DealProgress;
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

/// Common goods to pick a picture from.
pub const EMOJI: [&str; 16] = [
    "🍅", "🥚", "🌾", "🍎", "🥬", "🥕", "🥔", "🧅", "🍊", "🍌", "🍉", "🐟", "🥩", "🍗", "🧈", "🥛",
];

/// When orders close, as quick choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cutoff {
    Tonight8,
    #[default]
    Tonight10,
    TomorrowNoon,
}

impl Cutoff {
    pub const ALL: [Cutoff; 3] = [Cutoff::Tonight8, Cutoff::Tonight10, Cutoff::TomorrowNoon];

    fn id(self) -> &'static str {
        match self {
            Cutoff::Tonight8 => "org-cutoff-8pm",
            Cutoff::Tonight10 => "org-cutoff-10pm",
            Cutoff::TomorrowNoon => "org-cutoff-noon",
        }
    }

    /// The instant, from the local clock `now`; an evening already past means tomorrow's.
    pub fn at(self, now: NaiveDateTime) -> Timestamp {
        let (day, hour) = match self {
            Cutoff::Tonight8 => (now.date(), 20),
            Cutoff::Tonight10 => (now.date(), 22),
            Cutoff::TomorrowNoon => (now.date() + Duration::days(1), 12),
        };
        let mut t = day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("valid"));
        if t <= now {
            t += Duration::days(1);
        }
        Local
            .from_local_datetime(&t)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc::now() + Duration::hours(4))
    }
}

/// Where a message about the page shows: beside the field it is about, or beside the
/// buttons. Each place keeps its room whether a message is there or not, so nothing moves
/// under her pointer when one appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Under the products (with the suggested quantity).
    Product,
    Price,
    ShopPrice,
    Stock,
    Place,
    /// Under the new product's name and unit.
    NewProduct,
    /// Beside Publish: yesterday's deals, a deal that can no longer be changed.
    Form,
    /// Beside the reason of the deal being called off.
    CallOff,
}

/// The publishing form. Text fields hold what she typed until it parses.
#[derive(Debug, Clone, Default)]
pub struct Form {
    /// Set when changing a deal that has no orders yet.
    pub editing: Option<DealId>,
    pub product: Option<ProductId>,
    pub price: String,
    /// The usual market price (her own word), as typed; empty: none.
    pub shop_price: String,
    pub stock: String,
    pub min_total: String,
    pub limit: String,
    pub cutoff: Cutoff,
    /// Days after the cutoff's day: 1 the next day.
    pub pickup_after: i64,
    pub place: String,
}

#[derive(Debug, Default)]
pub struct Deals {
    pub products: Vec<Product>,
    pub open: Vec<DealProgress>,
    /// Deals that formed and wait for their goods: they can still be called off.
    pub formed: Vec<Waiting>,
    pub form: Form,
    pub suggestion: Option<Suggestion>,
    /// New product: name, unit, picture.
    pub new_name: String,
    pub new_unit: String,
    pub new_emoji: String,
    /// The deal being called off and the reason typed.
    pub calling_off: Option<(DealId, String)>,
    /// What is wrong, in words, and where it shows.
    pub problem: Option<(Slot, String)>,
    /// Yesterday's deals, to copy.
    pub yesterday: Vec<Deal>,
}

#[derive(Debug, Clone)]
pub enum Message {
    NewName(String),
    NewUnit(String),
    NewEmoji(&'static str),
    AddProduct,
    Product(ProductId),
    Price(String),
    ShopPrice(String),
    Stock(String),
    Min(String),
    Limit(String),
    Cutoff(Cutoff),
    PickupAfter(i64),
    Place(String),
    UseSuggestion,
    Publish,
    Edit(DealId),
    CopyYesterday,
    CloseEarly(DealId),
    AskCallOff(DealId),
    CallOffReason(String),
    CallOff,
    /// Keep the deal (the safe answer, and what Enter does while calling off).
    KeepDeal,
    /// Print today's order form (订货单) for neighbours without a computer.
    PrintOrderForm,
}

impl Deals {
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        self.products = store.products(me.group_id)?;
        self.open = store.deal_progress(me.group_id)?;
        self.formed = formed_deals(store, me)?;
        self.yesterday = store.yesterdays_deals(
            me.group_id,
            crate::system::local_time::day_start(now.date()),
        )?;
        if self.form.place.is_empty() {
            // The place is remembered from her last deal.
            self.form.place = self
                .open
                .iter()
                .map(|d| &d.deal)
                .chain(&self.yesterday)
                .max_by_key(|d| d.created_at)
                .map(|d| d.pickup_place.clone())
                .unwrap_or_default();
        }
        if self.form.pickup_after == 0 {
            self.form.pickup_after = 1;
        }
        self.suggestion = match self.form.product {
            Some(p) => store.suggest_quantity(p, now.date())?,
            None => None,
        };
        Ok(())
    }

    fn product(&self, id: ProductId) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The product with the market price typed in the form, if that differs from what it
    /// has (empty clears it); a price that is not money is refused in words.
    fn shop_price_change(
        &self,
        cx: &Cx,
        id: ProductId,
    ) -> std::result::Result<Option<Product>, (Slot, String)> {
        let typed = self.form.shop_price.trim();
        let shop_price = if typed.is_empty() {
            None
        } else {
            Some(parse_money(typed).ok_or_else(|| (Slot::ShopPrice, cx.t("org-form-shop-price")))?)
        };
        Ok(self
            .product(id)
            .filter(|p| p.shop_price != shop_price)
            .map(|p| Product {
                shop_price,
                ..p.clone()
            }))
    }

    /// A deal from the form, or what is missing in words.
    fn deal(&self, cx: &Cx, me: &Identity) -> std::result::Result<Deal, (Slot, String)> {
        let product = self
            .form
            .product
            .and_then(|p| self.product(p))
            .ok_or_else(|| (Slot::Product, cx.t("org-form-product")))?;
        let price =
            parse_money(&self.form.price).ok_or_else(|| (Slot::Price, cx.t("org-form-price")))?;
        let stock = parse_count(&self.form.stock)
            .filter(|n| *n > 0)
            .ok_or_else(|| (Slot::Stock, cx.t("org-form-stock")))?;
        let min_total = parse_count(&self.form.min_total).unwrap_or(1).max(1);
        let limit = parse_count(&self.form.limit)
            .filter(|n| *n > 0)
            .unwrap_or(stock);
        if self.form.place.trim().is_empty() {
            return Err((Slot::Place, cx.t("org-form-place")));
        }
        let cutoff = self.form.cutoff.at(cx.now);
        let cutoff_day = cutoff.with_timezone(&Local).date_naive();
        Ok(Deal {
            id: self.form.editing.unwrap_or_default(),
            group_id: me.group_id,
            product_id: product.id,
            price,
            unit: product.unit.clone(),
            stock,
            min_total,
            per_member_limit: limit,
            cutoff,
            pickup_day: cutoff_day + Duration::days(self.form.pickup_after.max(1)),
            pickup_place: self.form.place.trim().to_string(),
            state: DealState::Open,
            arrived_qty: None,
            created_at: Utc::now(),
        })
    }

    pub fn update(&mut self, m: Message, cx: &Cx, store: &Store, me: &Identity) -> Action {
        self.problem = None;
        match m {
            Message::NewName(s) => self.new_name = s,
            Message::NewUnit(s) => self.new_unit = s,
            Message::NewEmoji(e) => self.new_emoji = e.into(),
            Message::AddProduct => {
                if self.new_name.trim().is_empty() || self.new_unit.trim().is_empty() {
                    self.problem = Some((Slot::NewProduct, cx.t("org-product-missing")));
                    return Action::None;
                }
                let product = Product {
                    id: ProductId::new(),
                    group_id: me.group_id,
                    name: self.new_name.trim().into(),
                    emoji: self.new_emoji.clone(),
                    unit: self.new_unit.trim().into(),
                    shop_price: None,
                };
                let words = cx.ta("org-product-added", &[("name", product.name.clone())]);
                self.form.product = Some(product.id);
                self.new_name.clear();
                self.new_unit.clear();
                self.new_emoji.clear();
                return Action::Send(vec![Command::PutProduct { product }], words);
            }
            Message::Product(p) => {
                self.form.product = Some(p);
                self.form.editing = None;
                self.form.shop_price = self
                    .product(p)
                    .and_then(|p| p.shop_price)
                    .map_or(String::new(), typed_money);
                self.suggestion = store.suggest_quantity(p, cx.now.date()).ok().flatten();
            }
            Message::Price(s) => self.form.price = s,
            Message::ShopPrice(s) => self.form.shop_price = s,
            Message::Stock(s) => self.form.stock = s,
            Message::Min(s) => self.form.min_total = s,
            Message::Limit(s) => self.form.limit = s,
            Message::Cutoff(c) => self.form.cutoff = c,
            Message::PickupAfter(d) => self.form.pickup_after = d,
            Message::Place(s) => self.form.place = s,
            Message::UseSuggestion => {
                if let Some(s) = &self.suggestion {
                    self.form.stock = s.quantity.to_string();
                }
            }
            Message::Publish => match self
                .deal(cx, me)
                .and_then(|d| self.shop_price_change(cx, d.product_id).map(|p| (d, p)))
            {
                Ok((deal, changed_product)) => {
                    let name = self
                        .product(deal.product_id)
                        .map_or(String::new(), |p| p.name.clone());
                    let words = cx.ta(
                        if self.form.editing.is_some() {
                            "org-deal-changed"
                        } else {
                            "org-deal-published"
                        },
                        &[("name", name)],
                    );
                    let place = self.form.place.clone();
                    self.form = Form {
                        place,
                        pickup_after: 1,
                        ..Form::default()
                    };
                    let mut commands: Vec<Command> = changed_product
                        .into_iter()
                        .map(|product| Command::PutProduct { product })
                        .collect();
                    commands.push(Command::PublishDeal { deal });
                    return Action::Send(commands, words);
                }
                Err(e) => self.problem = Some(e),
            },
            Message::Edit(id) => {
                if let Some(p) = self.open.iter().find(|p| p.deal.id == id) {
                    if p.orders > 0 {
                        self.problem = Some((Slot::Form, cx.t("org-deal-has-orders")));
                    } else {
                        let d = &p.deal;
                        self.form = Form {
                            editing: Some(d.id),
                            product: Some(d.product_id),
                            price: typed_money(d.price),
                            shop_price: self
                                .product(d.product_id)
                                .and_then(|p| p.shop_price)
                                .map_or(String::new(), typed_money),
                            stock: d.stock.to_string(),
                            min_total: d.min_total.to_string(),
                            limit: d.per_member_limit.to_string(),
                            cutoff: self.form.cutoff,
                            pickup_after: 1,
                            place: d.pickup_place.clone(),
                        };
                    }
                }
            }
            Message::CopyYesterday => {
                if self.yesterday.is_empty() {
                    self.problem = Some((Slot::Form, cx.t("org-copy-none")));
                    return Action::None;
                }
                let cutoff = self.form.cutoff.at(cx.now);
                let pickup = cutoff.with_timezone(&Local).date_naive() + Duration::days(1);
                let commands: Vec<Command> = self
                    .yesterday
                    .iter()
                    .map(|d| Command::PublishDeal {
                        deal: Deal {
                            id: DealId::new(),
                            cutoff,
                            pickup_day: pickup,
                            state: DealState::Open,
                            arrived_qty: None,
                            created_at: Utc::now(),
                            ..d.clone()
                        },
                    })
                    .collect();
                let words = cx.tn("org-copied", ("count", commands.len() as i64), &[]);
                return Action::Send(commands, words);
            }
            Message::PrintOrderForm => {
                return Action::Print(super::PrintJob::OrderForm { day: cx.now.date() });
            }
            Message::CloseEarly(id) => {
                let name = self.name_of(id);
                return Action::Send(
                    vec![Command::CloseDeal { deal_id: id }],
                    cx.ta("org-closed-early", &[("name", name)]),
                );
            }
            Message::AskCallOff(id) => self.calling_off = Some((id, String::new())),
            Message::KeepDeal => self.calling_off = None,
            Message::CallOffReason(s) => {
                if let Some((_, r)) = &mut self.calling_off {
                    *r = s;
                }
            }
            Message::CallOff => {
                let Some((id, reason)) = self.calling_off.clone() else {
                    return Action::None;
                };
                if reason.trim().is_empty() {
                    self.problem = Some((Slot::CallOff, cx.t("org-calloff-reason-missing")));
                    return Action::None;
                }
                let name = self.name_of(id);
                self.calling_off = None;
                let notice = Notice {
                    id: NoticeId::new(),
                    group_id: me.group_id,
                    author_id: me.member_id,
                    title: cx.ta("org-calloff-title", &[("name", name.clone())]),
                    body: cx.ta(
                        "org-calloff-body",
                        &[
                            ("name", name.clone()),
                            ("reason", reason.trim().to_string()),
                        ],
                    ),
                    created_at: Utc::now(),
                };
                return Action::Send(
                    vec![
                        Command::CallOffDeal {
                            deal_id: id,
                            reason: reason.trim().to_string(),
                        },
                        Command::PostNotice { notice },
                    ],
                    cx.ta("org-called-off", &[("name", name)]),
                );
            }
        }
        Action::None
    }

    fn name_of(&self, id: DealId) -> String {
        let open = self.open.iter().find(|p| p.deal.id == id);
        let formed = self.formed.iter().find(|w| w.deal.id == id);
        open.map(|p| p.product_name.clone())
            .or_else(|| formed.map(|w| w.name.clone()))
            .unwrap_or_default()
    }

    /// The words of the message at `slot`, if there is one.
    fn problem_at(&self, slot: Slot) -> Option<&str> {
        self.problem
            .as_ref()
            .filter(|(at, _)| *at == slot)
            .map(|(_, w)| w.as_str())
    }

    /// The room for a message at `slot`: `lines` lines of small print, kept whether a
    /// message is there or not.
    fn slot<'a>(&'a self, c: Ctx<'a>, slot: Slot, lines: f32) -> Element<'a, Message> {
        let height = c.scale.small() * crate::theme::Scale::LINE * lines;
        // Beside a narrow field the short words (the whole sentence is beside Publish).
        let short = match slot {
            Slot::Price => Some("org-form-price-here"),
            Slot::ShopPrice => Some("org-form-shop-price-here"),
            Slot::Stock => Some("org-form-stock-here"),
            _ => None,
        };
        let words = match (self.problem_at(slot), short) {
            (Some(_), Some(id)) => c.t(id),
            (Some(w), None) => w.to_string(),
            (None, _) => String::new(),
        };
        container(
            iced::widget::text(words)
                .size(c.scale.small())
                .line_height(crate::theme::Scale::LINE)
                .color(c.pal.text)
                .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
        )
        .height(Length::Fixed(height))
        .clip(true)
        .into()
    }

    /// The call-off button of a deal, or its reason field once pressed, with the room for
    /// what is missing under it.
    fn call_off_row<'a>(&'a self, cx: Cx<'a>, id: DealId) -> Element<'a, Message> {
        let c = cx.c;
        match &self.calling_off {
            Some((chosen, reason)) if *chosen == id => column![
                row![
                    // No Enter here: calling off takes a click on its own red button.
                    ui::field(c, &cx.t("org-calloff-hint"), reason, Message::CallOffReason)
                        .width(Length::Fill),
                    ui::big_button(
                        c,
                        cx.t("org-calloff-confirm"),
                        Kind::Danger,
                        false,
                        Some(Message::CallOff)
                    ),
                    ui::big_button(
                        c,
                        format!("{} ⏎", cx.t("org-calloff-keep")),
                        Kind::Secondary,
                        false,
                        Some(Message::KeepDeal)
                    ),
                ]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center)
                .wrap(),
                self.slot(c, Slot::CallOff, 1.0),
            ]
            .spacing(4)
            .into(),
            _ => ui::big_button(
                c,
                cx.t("org-call-off"),
                Kind::Danger,
                false,
                Some(Message::AskCallOff(id)),
            ),
        }
    }

    /// The suggested quantity with its reason in words.
    fn suggestion_words(&self, cx: &Cx) -> Option<String> {
        let unit = self
            .form
            .product
            .and_then(|p| self.product(p))
            .map_or("", |p| p.unit.as_str());
        self.suggestion
            .as_ref()
            .map(|s| suggestion_words(s, unit, cx))
    }

    /// The page: publishing first (her main task; its buttons are in [`Deals::bar`]), a new
    /// product, then the deals that are open or formed, each with what can still be done
    /// to it. Messages show beside what they are about, in room kept for them.
    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        column![]
            .spacing(c.scale.pad())
            .push(self.publish_view(cx))
            .push(self.product_view(cx))
            .push(self.deals_view(cx))
            .into()
    }

    /// Publish (Enter), below the page where it never scrolls away, with the room for what
    /// is missing beside it.
    pub fn bar<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        // A message about a field shows beside the field and here, beside the button she
        // pressed (the field may be scrolled out of view).
        super::action_row(
            c,
            vec![ui::big_button(
                c,
                format!(
                    "{} ⏎",
                    cx.t(if self.form.editing.is_some() {
                        "org-change-save"
                    } else {
                        "org-publish-go"
                    })
                ),
                Kind::Primary,
                true,
                Some(Message::Publish),
            )],
            self.problem.as_ref().map(|(_, w)| w.as_str()),
        )
    }

    fn labelled<'a>(
        c: Ctx<'a>,
        label: String,
        field: Element<'a, Message>,
    ) -> Element<'a, Message> {
        column![ui::body(c, label), field].spacing(4).into()
    }

    /// A text field under its label, with a hint (Fluent ids), and the room for what is
    /// wrong with it under it (`slot`).
    #[allow(clippy::too_many_arguments)]
    fn field<'a>(
        &'a self,
        cx: Cx<'a>,
        label: &str,
        hint: &str,
        value: &'a str,
        on: fn(String) -> Message,
        width: Length,
        slot: Option<Slot>,
    ) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![
            ui::body(c, cx.t(label)),
            ui::field(c, &cx.t(hint), value, on).width(width)
        ]
        .spacing(4)
        .width(width);
        if let Some(slot) = slot {
            col = col.push(self.slot(c, slot, 2.0));
        }
        col.into()
    }

    /// The suggested quantity for the chosen product with its reason and "use it", or
    /// what is missing about the product, in room kept for three lines whatever shows.
    fn suggestion_slot<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let height = (c.scale.small() * crate::theme::Scale::LINE * 3.0).max(c.scale.target());
        let words = |w: String| {
            iced::widget::text(w)
                .size(c.scale.small())
                .line_height(crate::theme::Scale::LINE)
                .color(c.pal.text)
                .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
        };
        let inner: Element<'a, Message> = if let Some(p) = self.problem_at(Slot::Product) {
            words(p.to_string()).into()
        } else if let Some(w) = self.suggestion_words(&cx) {
            row![
                container(words(w)).width(Length::Fill),
                ui::big_button(
                    c,
                    cx.t("org-suggest-use"),
                    Kind::Secondary,
                    false,
                    Some(Message::UseSuggestion)
                ),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center)
            .into()
        } else if self.form.product.is_some() {
            words(cx.t("org-suggest-none")).into()
        } else {
            words(cx.t("org-suggest-wait")).into()
        };
        container(inner)
            .height(Length::Fixed(height))
            .width(Length::Fill)
            .align_y(Alignment::Center)
            .clip(true)
            .into()
    }

    /// The publishing form (its buttons are in [`Deals::bar`]).
    fn publish_view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let labelled = |label, field| Self::labelled(c, label, field);
        let mut col = column![].spacing(c.scale.gap());
        // Publishing; beside its heading, yesterday's deals copied in one go.
        col = col.push(
            row![
                container(ui::heading(
                    c,
                    cx.t(if self.form.editing.is_some() {
                        "org-change-deal"
                    } else {
                        "org-publish"
                    }),
                ))
                .width(Length::Fill),
                ui::big_button(
                    c,
                    cx.tn(
                        "org-copy-yesterday",
                        ("count", self.yesterday.len() as i64),
                        &[],
                    ),
                    Kind::Secondary,
                    false,
                    (!self.yesterday.is_empty()).then_some(Message::CopyYesterday),
                ),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center)
            .wrap(),
        );
        let mut products = row![].spacing(c.scale.gap() / 2.0);
        for p in &self.products {
            products = products.push(ui::chip(
                c,
                format!("{} {} / {}", p.emoji, p.name, p.unit),
                self.form.product == Some(p.id),
                Message::Product(p.id),
            ));
        }
        col = col.push(labelled(cx.t("org-form-which"), products.wrap().into()));
        col = col.push(self.suggestion_slot(cx));
        let narrow = Length::Fixed(c.scale.body() * 7.0);
        col = col.push(
            row![
                self.field(
                    cx,
                    "org-form-price-label",
                    "org-form-price-hint",
                    &self.form.price,
                    Message::Price,
                    narrow,
                    Some(Slot::Price),
                ),
                self.field(
                    cx,
                    "org-form-shop-price-label",
                    "org-form-shop-price-hint",
                    &self.form.shop_price,
                    Message::ShopPrice,
                    narrow,
                    Some(Slot::ShopPrice),
                ),
                self.field(
                    cx,
                    "org-form-stock-label",
                    "org-form-stock-hint",
                    &self.form.stock,
                    Message::Stock,
                    narrow,
                    Some(Slot::Stock),
                ),
                self.field(
                    cx,
                    "org-form-min-label",
                    "org-form-min-hint",
                    &self.form.min_total,
                    Message::Min,
                    narrow,
                    None,
                ),
                self.field(
                    cx,
                    "org-form-limit-label",
                    "org-form-limit-hint",
                    &self.form.limit,
                    Message::Limit,
                    narrow,
                    None,
                ),
            ]
            .spacing(c.scale.gap())
            .wrap(),
        );
        let mut cutoffs = row![].spacing(c.scale.gap() / 2.0);
        for k in Cutoff::ALL {
            cutoffs = cutoffs.push(ui::chip(
                c,
                cx.t(k.id()),
                self.form.cutoff == k,
                Message::Cutoff(k),
            ));
        }
        col = col.push(labelled(cx.t("org-form-cutoff"), cutoffs.wrap().into()));
        let pickups = row![
            ui::chip(
                c,
                cx.t("org-pickup-next"),
                self.form.pickup_after == 1,
                Message::PickupAfter(1)
            ),
            ui::chip(
                c,
                cx.t("org-pickup-after"),
                self.form.pickup_after == 2,
                Message::PickupAfter(2)
            ),
        ]
        .spacing(c.scale.gap() / 2.0);
        col = col.push(labelled(cx.t("org-form-pickup"), pickups.into()));
        col = col.push(
            column![
                ui::body(c, cx.t("org-form-place-label")),
                ui::field(
                    c,
                    &cx.t("org-form-place-hint"),
                    &self.form.place,
                    Message::Place
                )
                .width(Length::Fill),
                self.slot(c, Slot::Place, 1.0),
            ]
            .spacing(4),
        );
        col.into()
    }

    /// A new product for the catalogue.
    fn product_view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let labelled = |label, field| Self::labelled(c, label, field);
        let narrow = Length::Fixed(c.scale.body() * 6.0);
        let mut col = column![].spacing(c.scale.gap());
        // The catalogue: a new product.
        col = col.push(ui::heading(c, cx.t("org-new-product")));
        let mut pictures = row![].spacing(c.scale.gap() / 3.0);
        for e in EMOJI {
            pictures = pictures.push(ui::chip(
                c,
                e.to_string(),
                self.new_emoji == e,
                Message::NewEmoji(e),
            ));
        }
        col = col.push(
            row![
                labelled(
                    cx.t("org-product-name"),
                    ui::field(
                        c,
                        &cx.t("org-product-name-hint"),
                        &self.new_name,
                        Message::NewName
                    )
                    .width(Length::Fixed(c.scale.body() * 10.0))
                    .into()
                ),
                self.field(
                    cx,
                    "org-product-unit",
                    "org-product-unit-hint",
                    &self.new_unit,
                    Message::NewUnit,
                    narrow,
                    None,
                ),
            ]
            .spacing(c.scale.gap()),
        );
        col = col.push(self.slot(c, Slot::NewProduct, 1.0));
        col = col.push(pictures.wrap());
        col = col.push(ui::big_button(
            c,
            cx.t("org-product-add"),
            Kind::Secondary,
            false,
            Some(Message::AddProduct),
        ));
        col.into()
    }

    /// Open deals (change before the first order, close early, call off) and formed deals
    /// waiting for their goods (call off).
    fn deals_view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![].spacing(c.scale.gap());
        // Open deals: change (before the first order), close early, call off; beside their
        // heading, today's order form for neighbours without a computer (the same deals,
        // numbered), as the sorting page prints its sheets beside its choices.
        col = col.push(
            row![
                container(ui::heading(c, cx.t("org-open-deals"))).width(Length::Fill),
                ui::big_button(
                    c,
                    cx.t("org-print-order-form"),
                    Kind::Secondary,
                    false,
                    (!self.open.is_empty()).then_some(Message::PrintOrderForm),
                ),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center)
            .wrap(),
        );
        if self.open.is_empty() {
            col = col.push(ui::body(c, cx.t("org-no-open-deals")));
        }
        for d in &self.open {
            let mut actions = row![].spacing(c.scale.gap());
            if d.orders == 0 {
                actions = actions.push(ui::big_button(
                    c,
                    cx.t("org-change"),
                    Kind::Secondary,
                    false,
                    Some(Message::Edit(d.deal.id)),
                ));
            }
            actions = actions.push(ui::big_button(
                c,
                cx.t("org-close-early"),
                Kind::Secondary,
                false,
                Some(Message::CloseEarly(d.deal.id)),
            ));
            let line = row![
                container(ui::body(
                    c,
                    format!(
                        "{} {} · {} · {}",
                        d.emoji,
                        d.product_name,
                        cx.c.i18n.money(d.deal.price),
                        super::today::deal_facts(&cx, d)
                    )
                ))
                .width(Length::Fill),
                actions,
                self.call_off_row(cx, d.deal.id),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center);
            col = col.push(ui::card(c, line));
        }
        // Formed deals wait for their goods; the supplier may still fail.
        if !self.formed.is_empty() {
            col = col.push(ui::heading(c, cx.t("org-formed-deals")));
        }
        for w in &self.formed {
            col = col.push(ui::card(
                c,
                row![
                    container(ui::body(c, w.words(&cx))).width(Length::Fill),
                    self.call_off_row(cx, w.deal.id)
                ]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center),
            ));
        }
        col.into()
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![cx.tns(
            "org-deals-summary",
            &[
                ("open", self.open.len() as i64),
                ("products", self.products.len() as i64),
            ],
            &[],
        )];
        if let Some((_, p)) = &self.problem {
            lines.push(p.clone());
        }
        lines.extend(self.suggestion_words(cx));
        lines
    }

    /// ↑ ↓ choose the product, Tab moves between the fields, Enter publishes; while she
    /// is calling a deal off, Enter keeps it.
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Enter if self.calling_off.is_some() => Some(Message::KeepDeal),
            Key::Enter => Some(Message::Publish),
            Key::Up | Key::Down => {
                let at = self
                    .products
                    .iter()
                    .position(|p| Some(p.id) == self.form.product);
                let next = crate::ui::keys::step(at.unwrap_or(0), self.products.len(), k);
                let next = if at.is_none() { 0 } else { next };
                self.products.get(next).map(|p| Message::Product(p.id))
            }
            _ => None,
        }
    }
}

/// A suggested quantity with its reasons: the average taken, what waste was left out (so
/// losses shape it), and the bump after a sell-out.
pub fn suggestion_words(s: &Suggestion, unit: &str, cx: &Cx) -> String {
    let mut w = cx.tqs(
        "org-suggest",
        &[
            ("qty", i64::from(s.quantity)),
            ("deals", s.deals_used as i64),
            ("base", i64::from(s.base)),
        ],
        unit,
        &[],
    );
    w.push_str(&if s.unclaimed + s.lost > 0 {
        cx.tqs(
            "org-suggest-waste",
            &[
                ("unclaimed", i64::from(s.unclaimed)),
                ("lost", i64::from(s.lost)),
            ],
            unit,
            &[],
        )
    } else {
        cx.t("org-suggest-no-waste")
    });
    if s.sold_out_bump {
        w.push_str(&cx.t("org-suggest-bump"));
    }
    w
}
