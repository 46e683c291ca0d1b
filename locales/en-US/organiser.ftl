# Advanced mode: the organiser's day.
org-today = Today
org-deals = Products and deals
org-sorting = Orders and sorting
org-arrival = Arrival
org-desk = Pickup desk
org-invite = Invite neighbors
org-stock = Stock and losses
org-members = Members and money
org-complaints = Problems with orders
org-notices = Notices
org-figures = Figures
org-basic = Basic mode
org-tab-today = Today
org-tab-deals = Deals
org-tab-sorting = Sorting
org-tab-arrival = Arrival
org-tab-desk = Pickup
org-tab-members = Members
org-tab-stock = Stock
org-tab-complaints = Problems
org-tab-notices = Notices
org-tab-figures = Figures
org-tab-neighbours = Neighbors
org-tab-invite = Invite
org-keys-pages = Pages: hold Ctrl and press the key beside the page name, or press PgUp/PgDn · Esc: Today · R: read aloud
day-long = { $date } ({ $rel })

org-today-summary = Today { $deals ->
    [one] 1 deal
   *[other] { $deals } deals
}, { $orders ->
    [one] 1 order
   *[other] { $orders } orders
}.
org-today-closest = {" "}{ $name }: { $short }.
org-deal-progress = { $name }: { $progress }
org-qty = { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}
org-items-sep = ,{" "}
org-label-value = { $label }: { $value }
org-short = { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} more to form
org-formed-enough = enough to form
org-deal-facts = { $sold } { $sold ->
    [one] { $unit }
   *[other] { $units }
} ordered, { $left } { $left ->
    [one] { $unit }
   *[other] { $units }
} left, { $orders ->
    [one] 1 order
   *[other] { $orders } orders
}
org-no-open-deals = No deal is taking orders now.
org-todo = To do now
org-todo-none = Nothing needs doing right now.
org-todo-closing = { $name } closes at { $time }
org-todo-arrivals = { $count ->
    [one] 1 deal waits for its arrival to be recorded
   *[other] { $count } deals wait for their arrival to be recorded
}
org-todo-pickups = { $count ->
    [one] 1 neighbor has goods waiting
   *[other] { $count } neighbors have goods waiting
}
org-todo-help = { $count ->
    [one] 1 neighbor asked for help; nobody has gone yet
   *[other] { $count } neighbors asked for help; nobody has gone yet
}
org-todo-complaints = { $count ->
    [one] 1 problem with an order waits for an answer
   *[other] { $count } problems with orders wait for an answer
}

org-formed-deals = Formed, waiting for the goods
org-open-deals = Deals taking orders
org-change = Change
org-close-early = Close now
org-call-off = Call off
org-calloff-hint = Why? e.g. the supplier has none today
org-calloff-confirm = Call off and tell everyone
org-calloff-reason-missing = Please write why first; everyone will see and hear it.
org-calloff-title = { $name } is called off
org-calloff-body = This time's { $name } deal is called off: { $reason }. Anything paid is refunded.
org-called-off = { $name } called off; telling everyone and refunding.
org-closed-early = { $name } closed early.
org-copy-yesterday = Copy yesterday's { $count ->
    [one] deal
   *[other] { $count } deals
} (closing tonight)
org-copy-none = There were no deals yesterday to copy.
org-copied = Copied { $count ->
    [one] 1 deal
   *[other] { $count } deals
}, closing tonight.
org-publish = Publish a new deal
org-change-deal = Change the deal (no orders yet)
org-form-which = What is on offer?
org-form-price-label = Price per unit (¥)
org-form-shop-price-label = Market price (if you know it)
org-form-shop-price-hint = optional
org-form-shop-price = Please type the market price as a number, e.g. 5.00, or leave it empty if you do not know it.
org-form-stock-label = Stock
org-form-min-label = Minimum to form
org-form-limit-label = Most per member
org-form-price-hint = e.g. 3.80
org-form-stock-hint = e.g. 60
org-form-min-hint = e.g. 10
org-form-limit-hint = e.g. 5
org-form-cutoff = Orders close
org-form-pickup = Pickup day
org-form-place-label = Pickup place
org-form-place-hint = e.g. Block 3 front door
org-cutoff-8pm = Tonight 8 pm
org-cutoff-10pm = Tonight 10 pm
org-cutoff-noon = Tomorrow noon
org-pickup-next = The day after closing
org-pickup-after = Two days after closing
org-publish-go = Publish
org-change-save = Save the change
org-form-product = Please choose a product first.
org-form-price = Write the price as a number, e.g. 3.80.
org-form-stock = Write the stock as a whole number above zero.
org-form-place = Please write the pickup place.
org-deal-published = { $name } is published; neighbors see it at once.
org-deal-changed = { $name } is changed.
org-deal-has-orders = Someone has ordered already, so the price and rules stay; you can call it off or close it now.
org-suggest = Suggested: { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}. The last { $deals ->
    [one] deal
   *[other] { $deals } deals
} averaged { $base } { $base ->
    [one] { $unit }
   *[other] { $units }
} picked up.
org-suggest-waste = {" "}{ $unclaimed } { $unclaimed ->
    [one] { $unit }
   *[other] { $units }
} not collected and { $lost } { $lost ->
    [one] { $unit }
   *[other] { $units }
} lost in those deals are left out, so they are not wasted again.
org-suggest-no-waste = {" "}Nothing was wasted in those deals.
org-suggest-bump = {" "}The last one sold out, so 15% was added.
org-suggest-use = Use this
org-new-product = New product
org-product-name = Name
org-product-name-hint = e.g. Tomatoes
org-product-unit = Unit
org-product-unit-hint = kg
org-product-add = Add to products
org-product-missing = Please write the product's name and unit.
org-product-added = { $name } added.
org-deals-summary = { $open ->
    [one] 1 deal
   *[other] { $open } deals
} taking orders, { $products ->
    [one] 1 product
   *[other] { $products } products
} in all.

org-sorting-summary = Pickup { $day }: { $members ->
    [one] 1 household
   *[other] { $members } households
}, { $products ->
    [one] 1 product
   *[other] { $products } products
}, { $total } in all.
org-by-member = By household
org-by-product = By product
org-print = Print sort sheet
org-print-large = Print large
org-basket-total = Total { $total }

org-arrival-none = No deal is waiting for its goods.
org-arrival-deal = { $name }: { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} ordered, pickup { $day }
org-arrival-how-many = How many { $units } arrived?
org-arrival-all-get = Enough for everyone: each gets what they ordered.
org-arrival-short-summary = Not enough: { $count ->
    [one] 1 neighbor gets
   *[other] { $count } neighbors get
} less, { $refund } refunded in all. First ordered, first served.
org-arrival-short-line = { $member }: ordered { $ordered } { $ordered ->
    [one] { $unit }
   *[other] { $units }
}, gets { $gets } { $gets ->
    [one] { $unit }
   *[other] { $units }
}, refund { $refund }
org-arrival-confirm = Confirm and tell everyone
org-arrival-number = Write the number that arrived as a whole number.
org-arrival-summary = { $count ->
    [one] 1 deal waits for its goods to be recorded.
   *[other] { $count } deals wait for their goods to be recorded.
}
org-arrival-done = Recorded { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} of { $name }; telling everyone.
org-arrived-title = { $name } has arrived
org-arrived-body = { $name } is here: collect it at { $place } with your pickup code.

org-desk-code = Pickup code (6 digits)
org-desk-check = Check
org-desk-erase = Erase
org-desk-hand-over = Hand over
org-desk-item = { $name } { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}
org-desk-found = { $member }: { $items }
org-desk-handed = Handed to { $member }: { $items }
org-desk-wrong = Pickup code { $code } is not right. Please look again, or find by name.
org-desk-six = A pickup code is 6 digits.
org-desk-nothing = Nothing waits for this code today.
org-store-trouble = Something went wrong on this computer. Please try again; if it still does not work, ask a family member to look.
org-desk-by-name = Code lost? Find by name:
org-desk-name-hint = A name or its pinyin initials, e.g. Li or lnn
org-desk-waiting = Not collected yet ({ $day }): { $count }
org-desk-summary = { $count ->
    [one] 1 neighbor has
   *[other] { $count } neighbors have
} not collected today.
org-remind = Send them a reminder
org-remind-title = Please collect your goods
org-remind-body = Your goods are waiting today; please bring your pickup code.

## 代下单: an order taken for a neighbour (the organiser's page, a volunteer's screen)
org-tab-order-for = Order for
org-order-for = Order for a neighbor
org-keys-order-for = Type a name or its pinyin initials, Enter takes the first · type a number in each box, Enter goes to the next line · +/− to change · Enter at the end reads it back
order-for-open = Order for a neighbor (phone, paper form)
org-member-order-for = Order for her
order-for-find-hint = Who is it for? Type the name, or its pinyin initials (wdy for 王大爷).
order-for-find-field = Name or pinyin initials
order-for-nobody = Nobody found by that name. Please type it again.
order-for-chosen = Ordering for { $name }.
order-for-for = Ordering for { $name }
order-for-change = Someone else
order-for-no-deals = There is nothing to order right now.
order-for-line = Number { $number }, { $name }, { $price } a { $unit }, { $left } { $left ->
    [one] { $unit }
   *[other] { $units }
} left
order-for-line-about = { $price } a { $unit } · { $left } { $left ->
    [one] { $unit }
   *[other] { $units }
} left · at most { $limit } each
order-for-list-summary = Ordering for { $name }: { $count ->
    [one] 1 thing
   *[other] { $count } things
} to order.
order-for-item = { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} of { $name }
order-for-sep = ,{" "}
order-for-pickup = pick up { $day } at { $place }
order-for-read-back = For { $name }: { $items }, { $total } in all, { $pickup }.
order-for-read-back-none = Nothing for { $name } any more.
order-for-dropped = {" "}No longer: { $items }.
order-for-read-back-button = Read it back
order-for-confirm-hint = If that is right, press Confirm; to change it, press Change.
order-for-confirm = Confirm
order-for-edit = Change
order-for-nothing-changed = The amounts are as before: nothing to change.
order-for-done = Ordered. { $words }
order-for-refused = { $name } was not ordered: { $reason }
order-for-again = Order for someone else
order-for-more = Change it again
org-remind-sent = Reminded { $count ->
    [one] 1 neighbor
   *[other] { $count } neighbors
}.

org-invite-address = Address
org-invite-member = Member invite code
org-invite-volunteer = Volunteer invite code
org-invite-print = Print the invite sheet
org-invite-hosted-note = The group runs on this computer: members' orders come in only while it is on. While it is off their apps work as usual and send later.
org-invite-elsewhere-note = The group runs on a volunteer's computer. The invite codes are on the paper printed when the group was made.
org-invite-firewall-note = The first time the group runs on this computer, Windows asks whether Linli may use the network. Ask a family member to tick “Private networks” and click “Allow access”. Without it, members' orders cannot come in.

print-sort-by-member = Sort sheet · by household · { $day }
print-sort-by-product = Sort sheet · by product · { $day }
print-sort-subtitle = { $group } · { $place } · printed { $printed }
print-sort-footer = { $members ->
    [one] 1 household
   *[other] { $members } households
}, { $total } in all
print-code = Code { $code }
print-product-total = { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} in all
print-invite-title = Welcome to { $group }
print-invite-step1 = Step 1: open Linli on the computer
print-invite-step2 = Step 2: type the address and invite code above, then your name
print-invite-step3 = Step 3: press Join, and today's deals appear
print-form-title = { $group } order form
print-form-subtitle = { $day } · Write how many you want in the box
print-form-name = Name:
print-form-price = { $price } a { $unit }
print-form-shop = market price { $price }
print-form-pickup = Pick up { $day } at { $place }
print-form-qty = How many
print-form-footer = When it is filled in, give it to the organizer or leave it at the pickup place. (Printed { $printed })
print-form-none = Nothing can be ordered on this day.
print-slips-title = Pickup slips · { $day }
print-slip-code = Pickup code
print-slips-none = Nothing to pick up { $day }.
print-link-title = { $name }'s Linli link code
print-link-code = Link code
print-link-step1 = Step 1: open Linli on the computer or phone
print-link-step2 = Step 2: press “Join a group”
print-link-step3 = Step 3: type the address above and this link code, then press “Join”. Earlier orders and the balance are all still there
print-link-note = This code works only once; tear it up after use.
org-print-order-form = Print the order form
org-print-slips = Print pickup slips
org-print-slip-of = Print { $name }'s slip only
outcome-org-rejected = That did not go through: { $reason }
org-keys-today = 1–9 things to do
org-keys-deals = Up Down product · Tab next field · Enter publish
org-keys-sorting = 1 today · 2 tomorrow · 3 the day after
org-keys-arrival = 1–9 choose a deal · Tab to the number · Enter confirm
org-keys-desk = digits type the code · Backspace erases · Enter check / hand over
org-keys-invite = Enter print the invite sheet
org-keys-stock = Up and Down choose the product · 1–4 why · Enter record
org-keys-members = Left/Right part · Up/Down member · 1 cash, 2 transfer (who owes: 1 today, 2 tomorrow) · Enter record
org-keys-complaints = 1–9 choose one · Tab next field · Enter answer
org-keys-notices = Tab next field · Enter send
org-keys-figures = 1 this week · 2 four weeks · 3 all · E export tables

# Stock and losses
org-stock-summary = { $products ->
    [one] 1 product
   *[other] { $products } products
} in stock; { $losses ->
    [one] 1 had
   *[other] { $losses } had
} losses in the last four weeks.
org-stock-products = Each product
org-stock-line = { $name }: { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} on hand.
org-stock-lately = {" "}In four weeks { $received } { $received ->
    [one] { $unit }
   *[other] { $units }
} came in and { $lost } { $lost ->
    [one] { $unit } was
   *[other] { $units } were
} lost ({ $rate }%).
org-loss-record = Record a loss
org-loss-spoiled = Spoiled
org-loss-damaged = Damaged
org-loss-unclaimed = Not collected
org-loss-other = Other
org-loss-how-many = How many ({ $units }):
org-loss-how-many-any = How many:
org-loss-note-hint = Note (optional)
org-loss-save = Record the loss
org-loss-need-product = Please choose the product first.
org-loss-need-reason = Please choose why: spoiled, damaged, not collected or other.
org-loss-need-qty = Please type how many were lost, as a number.
org-loss-more-than-on-hand = Only { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} on hand: a loss can't be more than that. Please count again.
org-loss-recorded = Recorded: { $name }, { $reason }, { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}.
org-loss-recent = Latest losses
org-loss-none = No losses recorded yet.
org-loss-line = { $day } { $name }: { $reason }, { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}
org-loss-note = {" "}({ $note })

# Notices
org-notice-new = Post a notice
org-notice-title-hint = Title, e.g. Saturday pickup moves to the morning
org-notice-body-hint = Text (optional)
org-notice-post = Send to everyone
org-notice-need-title = Please write a title.
org-notice-too-long = Too long: a title has at most { $title } characters, the text at most { $body }.
org-notice-posted = Notice sent: { $title }. Everyone's app will read it aloud.
org-notice-past = Notices sent
org-notice-none = No notices sent yet.
org-notice-line = { $title }: { $body } ({ $day })
org-notice-line-short = { $title } ({ $day })
org-notice-summary = { $count ->
    [one] 1 notice
   *[other] { $count } notices
} sent.

# Complaints
org-complaint-summary = { $count ->
    [one] 1 problem with an order waits
   *[other] { $count } problems with orders wait
} for your answer.
org-complaint-none = No problems waiting for an answer.
org-complaint-line = { $member }: { $name } { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} (pickup { $day }), { $kind }. Paid { $paid }.
org-complaint-note = {" "}Note: { $note }
org-complaint-kind-broken = it was spoiled or broken
org-complaint-kind-missing = some was missing
org-complaint-kind-not-fresh = it was not fresh
org-complaint-kind-other = something else was wrong
org-complaint-refund = Refund:
org-complaint-refund-all = Refund all { $amount }
org-complaint-reply-hint = Your reply, e.g. Sorry, I'll pick better ones next time
org-complaint-send = Answer
org-complaint-too-much = At most { $most } can be refunded (what was paid for this order).
org-complaint-bad-money = Please type the refund as a number, e.g. 3.80.
org-complaint-need-words = Without a refund, please write a few words of reply.
org-complaint-refunded = Refunded { $amount } to { $member }; your answer is sent.
org-complaint-replied = Your answer is sent to { $member }.

# Members and money
org-members-view-accounts = Everyone's account
org-members-view-owing = Who owes before pickup
org-members-view-devices = Computers in the group
org-devices-intro = These computers have joined the group and exchange orders with yours.
org-members-summary = { $count ->
    [one] 1 member
   *[other] { $count } members
}; { $owing ->
    [one] 1 owes
   *[other] { $owing } owe
} money, { $total } in all.
org-members-summary-none = { $count ->
    [one] 1 member
   *[other] { $count } members
}; nobody owes money.
org-members-choose = Choose a member to see the account and record a payment.
org-member-line = { $name }: { $balance }
org-member-balance = { $name } now { $balance }.
org-balance-owes = owes { $money }
org-balance-credit = has { $money } credit
org-balance-zero = owes nothing
org-pay-title = Record what { $name } paid
org-pay-amount = Amount received:
org-pay-cash = Cash
org-pay-transfer = Transfer
org-pay-save = Record the payment
org-pay-need-member = Please choose a member first.
org-pay-need-amount = Please type the amount received, e.g. 20 or 12.50.
org-pay-done-cash = Received { $money } in cash from { $name }. { $name } now { $balance }.
org-pay-done-transfer = Received { $money } by transfer from { $name }. { $name } now { $balance }.
org-ledger-latest = Latest entries
org-ledger-none = No entries yet.
org-ledger-payment = { $day }: paid { $money }
org-ledger-payment-cash = { $day }: paid { $money } in cash
org-ledger-payment-transfer = { $day }: paid { $money } by transfer
org-ledger-charge = { $day }: charged { $money } for { $name }
org-ledger-refund = { $day }: refunded { $money } for { $name } ({ $why })
org-refund-deal-failed = the deal did not form
org-refund-called-off = the deal was called off
org-refund-shortage = not enough arrived
org-refund-complaint = a problem with the order
org-owing-today = Pickup today
org-owing-tomorrow = Pickup tomorrow
org-owing-summary = Of those collecting { $day }, { $count ->
    [one] 1 still owes
   *[other] { $count } still owe
} money.
org-owing-none = Nobody collecting { $day } owes money.
org-owing-line = { $name }: collect { $owed } at pickup ({ $day }'s goods cost { $due })
org-devices-load = Look again
org-devices-asking = Asking for the list, one moment.
org-devices-failed = Could not get the list of computers: { $why }
org-devices-offline = the group's computer can't be reached now. Please check that it is switched on, and try again in a while.
org-hub-trouble = the group's computer did not answer this time; please try again in a while, and if it still does not work, ask a family member to look.
org-hub-certificate = the group's computer shows a different fingerprint from the one that was checked, so to be safe Linli will not connect. Please ask a family member or the volunteer who set up the group to look.
org-device-line = { $name } ({ $role }): joined { $joined }, { $seen }
org-device-seen = last heard from { $when }
org-when = { $day } at { $clock }
org-device-seen-never = not heard from yet
org-device-this = The one you are using
org-device-revoke = Stop this computer
org-device-revoke-ask = Once { $name }'s computer is stopped it can't exchange orders any more; it has to join again with an invite code. Stop it?
org-device-revoke-yes = Yes, stop it
org-device-revoke-no = Don't stop it
org-device-revoked = { $name }'s computer is stopped; it can no longer exchange orders.
org-device-revoke-failed = It was not stopped: { $why }
org-device-own = This is the computer you are using; it can't be stopped.
org-device-gone = That computer is no longer on the list.
org-devices-rejoin = A stopped computer joins again with the invite code on the invite sheet.
org-devices-reprint = Print the invite sheet again
org-role-member = member
org-role-organiser = organizer
org-role-volunteer = volunteer

# Figures
fig-range-week = This week
fig-range-weeks = Four weeks
fig-range-all = All
fig-when-week = This week
fig-when-weeks = In the last four weeks
fig-when-all = So far
fig-before-week = the same days last week
fig-before-weeks = the four weeks before
fig-list-sep = ,{" "}
fig-sales-summary = { $when } the group sold { $money }{ $trend ->
        [up] , { $pct }% more than { $before }
        [down] , { $pct }% less than { $before }
        [same] , about the same as { $before }
       *[none] {""}
    }; { $best } sold best.
fig-sales-none = { $when } nothing was sold.
fig-top-title = Best sellers
fig-top-item = { $name } { $money }
fig-top-summary = { $count ->
        [one] The best seller is { $list }.
       *[other] The best sellers are { $list }.
    }
fig-forming-title = Deals that formed
fig-forming-summary = { $when } { $formed } of { $count ->
        [one] one deal
       *[other] { $count } deals
    } formed ({ $pct }%).
fig-forming-none = { $when } no deal has closed.
fig-forming-formed = Formed
fig-forming-failed = Did not form
fig-active-title = Neighbors ordering each week
fig-active-summary = In the week of { $week }, { $count ->
        [one] one neighbor
       *[other] { $count } neighbors
    } ordered; the week before, { $before }.
fig-active-summary-one = In the week of { $week }, { $count ->
        [one] one neighbor
       *[other] { $count } neighbors
    } ordered.
fig-active-none = { $when } nobody has ordered.
fig-loss-title = Money lost on each product
fig-loss-summary = { $when } losses came to { $money }; the most on { $name }: { $its }, { $pct }% of what came in.
fig-loss-summary-norate = { $when } losses came to { $money }; the most on { $name }: { $its }.
fig-loss-none = { $when } nothing was lost.
fig-loss-bar = { $money } ({ $pct }%)
fig-loss-weeks-title = Money lost each week
fig-loss-weeks-summary = The week with the most lost was the week of { $week }: { $money }.
fig-unclaimed-title = Goods nobody collected
fig-unclaimed-summary = { $when } { $count ->
        [one] one order was
       *[other] { $count } orders were
    } not collected.
fig-unclaimed-none = { $when } every order was collected.
fig-unclaimed-line = { $day } { $member }: { $product } { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}
fig-unclaimed-more = { $count ->
    [one] 1 more
   *[other] { $count } more
} in the exported tables.
fig-export = Export tables
fig-export-done = The tables are saved in { $folder }: { $files ->
    [one] 1 file
   *[other] { $files } files
}.
fig-export-failed = The tables were not saved. Please check that the computer has room to spare and try again; if it still does not work, ask a family member to look.

# Exported tables: header rows and words in cells
csv-day = Day
csv-week = Week (Monday)
csv-from = From
csv-to = To
csv-product = Product
csv-member = Neighbor
csv-unit = Unit
csv-units = Units
csv-sales-yuan = Sales (yuan)
csv-formed = Formed
csv-failed = Did not form
csv-formed-pct = Formed (%)
csv-members = Neighbors ordering
csv-received = Units received
csv-lost = Units lost
csv-loss-pct = Loss rate (%)
csv-loss-yuan = Money lost (yuan)
csv-price-yuan = Unit price (yuan)
csv-ordered = Ordered
csv-got = Received
csv-amount-yuan = Amount (yuan)
csv-state = State
csv-balance-yuan = Balance (yuan)
csv-time = Time
csv-kind = Kind
csv-reason = Reason
csv-note = Note
csv-kind-payment = Payment
csv-kind-charge = Charge
csv-kind-refund = Refund
csv-refund-deal-failed = Deal did not form
csv-refund-called-off = Deal called off
csv-refund-shortage = Short delivery
csv-refund-complaint = Problem with the order
csv-state-placed = Ordered
csv-state-rejected = Refused
csv-state-cancelled = Canceled
csv-state-confirmed = Formed
csv-state-ready = Ready to collect
csv-state-picked-up = Collected
csv-state-unclaimed = Not collected
fig-sales-title-day = Sales each day
fig-sales-title-week = Sales each week
fig-sales-title-month = Sales each month
fig-week-of = week of { $date }
fig-month = { $month }/{ $year }
fig-people = { $count }
fig-deals = { $count } ({ $pct }%)

# Tips and suggestions
org-neighbours = Neighbors
org-keys-neighbours = 1–3 parts · Enter send
org-nb-part-ideas = Ideas
org-nb-part-tips = Tips
org-nb-part-people = Experts and coordinators
org-nb-summary = { $ideas ->
    [one] 1 idea waits
   *[other] { $ideas } ideas wait
} for your answer, { $tips ->
    [one] 1 tip
   *[other] { $tips } tips
} for your approval.
org-nb-topic-pickup = pickup time
org-nb-topic-products = products
org-nb-topic-waste = less waste
org-nb-topic-other = other
org-nb-adopt = Adopt
org-nb-consider = Will consider
org-nb-decline = Not this time
org-nb-ideas-new = Ideas waiting for your answer
org-nb-ideas-none = No ideas are waiting.
org-nb-ideas-done = Answered ideas
org-nb-idea-line = { $author } ({ $topic }): { $words }
org-nb-idea-adopted = Adopted: { $reply }
org-nb-idea-considering = Will consider: { $reply }
org-nb-idea-declined = Not this time: { $reply }
org-nb-idea-deal = { " " }({ $name }, collect { $day })
org-nb-reply-hint = Your answer, e.g. Saturday pickup moves to 9 am
org-nb-link = Which deal did it change? (you may leave this)
org-nb-deal = { $name }, collect { $day }
org-nb-answer-send = Answer
org-nb-need-answer = Please choose: adopt, will consider, or not this time.
org-nb-need-reply = Please write a few words; she will see and hear them.
org-nb-answered = Answered { $author }'s idea.
org-nb-answered-adopted = Adopted { $author }'s idea; everyone will see it.
org-nb-waiting = Tips waiting for your approval
org-nb-waiting-none = No tips are waiting.
org-nb-shown = Tips everyone sees
org-nb-shown-none = No tips everyone sees yet.
org-nb-tip-line = { $author }: { $words }
org-nb-tip-about = { " " }({ $name })
org-nb-approve = Approve
org-nb-take-back = Take back
org-nb-approved = { $author }'s tip: everyone sees it now.
org-nb-taken-back = { $author }'s tip is taken back; no one else sees it.
org-nb-write = Write a tip for an expert
org-nb-no-experts = No experts yet. Name one under "Experts and coordinators" first.
org-nb-write-who = Whose tip:
org-nb-write-product = About what (you may leave this):
org-nb-write-hint = What she told you
org-nb-write-send = Write it down
org-nb-write-need-who = Please choose whose tip it is first.
org-nb-write-need-words = Please write her tip.
org-nb-written = Wrote down { $author }'s tip; everyone sees it.
org-nb-people-intro = Experts may write tips, which everyone sees once you approve; coordinators see who asked for help and the ideas, to follow up with you.
org-nb-people-none = No neighbors have joined yet.
org-nb-expert = Expert
org-nb-coordinator = Coordinator
org-nb-person = { $name }: { $roles }
org-nb-and = { ", " }
org-nb-set-expert = { $name } is an expert now and may write tips.
org-nb-unset-expert = { $name } is no longer an expert.
org-nb-set-coordinator = { $name } is a coordinator now.
org-nb-unset-coordinator = { $name } is no longer a coordinator.

# TLS (issue 11)
org-invite-fingerprint = Fingerprint
org-invite-fingerprint-check = When joining, check that this fingerprint matches
org-calloff-keep = Keep it
org-complaint-send-refund = Refund and answer
org-complaint-refund-click = To refund, click “Refund and answer”. Enter never refunds.
org-collect = Collect { $money } at pickup
org-find-hint = Find: name or pinyin, e.g. lnn
org-find-none = Nobody found for “{ $typed }”. Try fewer letters.
org-form-price-here = A number, e.g. 3.80
org-form-shop-price-here = A number, or empty
org-form-stock-here = A whole number above 0
org-suggest-wait = Choose a product and the suggested quantity shows here.
org-suggest-none = No suggestion yet: too few past deals of this product.

## 代下单: her side, figures, members (issue 22)
fig-entered-title = Orders placed for neighbors
fig-entered-summary = { $when } { $count ->
    [0] no orders were placed for a neighbor.
    [one] one order was placed for a neighbor.
   *[other] { $count } orders were placed for neighbors.
}
csv-entered-by = Placed for them by
org-member-no-computer = No computer
org-neighbour-hint = Neighbor's name
org-neighbour-add = Add (no computer)
org-neighbour-need-name = Please write the neighbor's name.
org-neighbour-too-long = That name is too long: at most { $max } characters.
org-neighbour-bad-name = The name has a character that can't be used. Please write it again.
org-neighbour-added = { $name } was added
org-link-print = Print link code
org-link-asking = Asking for the link code…
org-link-said = The link code for { $name } is: { $code }
org-link-sentence = With this code, { $name } can join later on their own computer, with their orders and balance. It works once.
org-link-failed = No link code came: { $why }
org-link-not-yet = The neighbor you just added is not through yet. Please press again in a moment.
org-neighbour-example = Mr. Wang
org-link-group-sep = ,{" "}
