# The app's words. Every message here has one of the same name in zh-CN/app.ftl.
app-title = Linli
language-own-name = English
back = Go back
help = Ask for help
read-aloud = Read aloud
home = Home
settings = Settings
yes = Yes
no = Not yet

## Dates, times, money
money = ¥{ $yuan }
money-negative = -¥{ $yuan }
day-today = today
day-tomorrow = tomorrow
day-date = { $month }/{ $day }
day-yesterday = yesterday
day-before-yesterday = the day before yesterday
days-ago = { $count ->
    [one] one day ago
   *[other] { $count } days ago
}
period-small-hours = am
period-early-morning = am
period-morning = am
period-noon = pm
period-afternoon = pm
period-evening = pm
clock-zero-hour = 12
clock = { $hour } { $period }
clock-minutes = { $hour }:{ $minutes } { $period }

## Sync status
sync-never = Not yet in touch with the group
sync-last = In touch with the group at { $time }
sync-pending = { $count ->
    [one] one order waiting to be sent
   *[other] { $count } waiting to be sent
}
sync-offline = Can't reach the organizer just now; trying again by itself. Your orders are safe.

## Pickup
pickup-banner = Collect { $day } at { $place }, code { $code }
pickup-none = Nothing to collect just now
pickup-code = Pickup code

## Today's deals
deals-title = Today's deals
deals-empty = No deals yet today; they appear here when the organizer posts them
deal-price = { $price } per { $unit }
deal-left = { $left } { $left ->
    [one] { $unit }
   *[other] { $units }
} left
deal-sold-out = Sold out
deal-mine = You ordered { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}
cutoff-soon = Orders close in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}
cutoff-tonight = Orders close tonight at { $hour } pm
cutoff-today = Orders close today at { $clock }
cutoff-tomorrow = Orders close tomorrow at { $clock }
cutoff-later = Orders close { $day } at { $clock }
cutoff-passed = Orders have closed
deals-read = Number { $n }: { $name }, { $price }, { $left }. { $cutoff }.

## Ordering
confirm-title = Please check
order-title = How many?
order-qty = { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}
order-total = Total { $total }
# How many's Next and the question's Buy say the phrase she says to the Speak bar.
order-next = { voice-say-yes }
order-limit = At most { $limit } { $limit ->
    [one] { $unit }
   *[other] { $units }
} each
order-confirm = Buy { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} of { $name } for { $total }, to collect { $day } at { $place }. Is that right?
order-yes = { voice-say-yes }
order-refused = Not bought: { $reason }
done-title = Noted
done-body = { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} of { $name }, { $total }. It is on its way to the organizer; you will be told when it is confirmed.
done-home = Back to the start

## Answers from the organiser's side
outcome-confirmed = { $name }: received by the organizer
outcome-rejected = { $name }: { $reason }
outcome-help = The volunteers know you asked for help

## My orders
orders-title = My orders
orders-empty = You have no orders yet
orders-change = Change amount
orders-cancel = Cancel this order
orders-cancel-confirm = Cancel { $name }? You will not be charged.
orders-cancelled = Canceled
orders-read = { $name }, { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}, { $state }.
state-placed = ordered, waiting for the cutoff
state-confirmed = confirmed, collect { $day }
state-ready = arrived, ready to collect
state-ready-later = arrived, collect it { $day }
news-ready = { $name }: arrived, you can collect your order at { $place } today
news-ready-later = { $name }: arrived, collect your order { $day } at { $place }
state-picked-up = collected
state-unclaimed = not collected
state-cancelled-by-member = you canceled it
state-cancelled-deal-failed = the deal did not go ahead; canceled, nothing charged
state-cancelled-shortage = not enough arrived; money returned
state-cancelled-called-off = the organizer called the deal off; money returned
state-rejected = not bought: { $reason }

## Notices
notices-title = Notices from the organizer
notices-empty = No notices yet
notice-new = New notice: { $title }. { $body }
notice-when = { $day } at { $clock }

## Help
help-title = Ask for help
help-body = Press the big button below and a volunteer will come and help you.
help-send = Please send a volunteer
help-sent = The volunteers know; please wait, someone will come to you.

## Settings
settings-title = Settings
settings-language = Language
settings-size = Text size
settings-size-value = { $percent }%
settings-voice = Reading aloud
settings-rate = Speed
settings-auto-read = Read each page aloud when it opens
settings-theme = Colors
settings-mode = Mode
settings-pin = Set a PIN (so nobody else can change the settings)
settings-pin-clear = Remove the PIN
settings-locked = Enter the PIN to change settings
settings-unlock = Open
settings-pin-wrong = That PIN is not right
on = On
off = Off
rate-slowest = Very slow
rate-slow = Slow
rate-normal = Normal
theme-light = Black on white
theme-dark = White on black
theme-yellow = Yellow on black
mode-basic = Basic mode
mode-advanced = Organizer mode

## First run
setup-welcome = Welcome to Linli
setup-intro = A family member or volunteer sets this up once.
setup-hub = Organizer's address
setup-invite = Invite code
setup-name = Name (what the group will see)
setup-name-hint = e.g. Grandma Li
setup-pin-hint = Four digits; leave empty for none
setup-join = Join
setup-joining = Joining…
setup-join-failed = Joining did not work. Please press "Join" again; if it still does not work, ask a family member to look.
setup-join-unreachable = Can't reach the organizer's computer. Please check that the address is the same as on the invite sheet and that the organizer's computer is on, then press "Join" again.
setup-join-bad-invite = That invite code is not right. Please copy it again from the invite sheet; if it is still not right, ask the organizer for a new one.
setup-join-too-many = Too many wrong invite codes. Please wait ten minutes and try again.
setup-join-refused = The organizer's computer did not let this computer join. Please ask the organizer.
family-detail = For a family member: { $detail }
store-trouble = something went wrong on this computer; please try again, and if it still does not work, ask a family member to look
store-read-failed = Linli could not read what it keeps on this computer. Please close Linli and open it again; if it still does not work, ask a family member to look.
settings-save-failed = These settings were not saved: next time Linli opens they will be as before. Please ask a family member to look.
settings-compatible = Linli is open in compatible mode: the screen may be a little slower, but everything works.
voice-read-failed = Your earlier recordings could not be read. You can record them again; if that does not work, ask a family member to look.
mydata-load-failed = Your data could not be read. Please close Linli and open it again; if it still does not work, ask a family member to look.
setup-missing = Please fill in the address, the invite code and the name

## Speech
speech-unavailable = This computer can't read aloud; everything is still shown on screen
news-read = Got it
advanced-organiser-only = Advanced mode is for the organizer. This computer joined as a member, so it stays in basic mode.
settings-speech = Reading aloud
speech-ready = Reading aloud works
speech-connecting = Getting reading aloud ready…
speech-retry = Try again
speech-trying = Trying reading aloud again
print-done = Saved: { $file }
print-failed = The file to print could not be made. Please try again; if it still does not work, ask a family member to look.
setup-join-group = Join a group
setup-run-group = I run a group: make one
setup-group = The group's name
setup-group-hint = e.g. Happy Lane, Block 3
setup-organiser-name = The organizer's name
setup-organiser-hint = e.g. Auntie Wang
setup-port = Port (usually leave it)
setup-port-hint = Write a port between 1024 and 65535; 7878 is usual
setup-host = Make the group
setup-host-note = The group will run on this computer: members' orders come in only while it is on. While it is off their apps work as usual and send later.
setup-host-failed = The group could not be made. Try another port (for example 7879) and press "Make the group" again; if it still does not work, ask a family member to look.
setup-elsewhere-note = If the group runs on a volunteer's computer, the organizer joins here with the organizer's invite code.

## After-sales: a problem with an order, and the organiser's answer
complain-button = Something wrong
complain-title = Something wrong
complain-question = What was wrong with this order?
complain-order = { $name }, { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}, for pickup on { $date }.
complain-kind-broken = Damaged
complain-kind-missing = Some missing
complain-kind-not-fresh = Not fresh
complain-kind-other = Something else
complain-note-hint = Anything to add? Write it here (you may leave it empty)
complain-ready-refund = Please refund me
complain-ready-photo = I can show it to the organizer
complain-send = Tell the organizer
complain-choose-first = Please choose what was wrong first: press 1 damaged, 2 some missing, 3 not fresh, 4 something else.
complain-chosen = You chose: { $kind }. Press Enter to tell the organizer.
complain-sent = The organizer has been told. When she answers, it will show here and be read to you.
complain-history = What you told the organizer:
complain-said = { $day }, you said: { $kind }.
complain-said-note = { $day }, you said: { $kind }, "{ $note }".
complain-refunded = The organizer refunded you { $amount }: { $note }
complain-refunded-plain = The organizer refunded you { $amount }.
complain-explained = The organizer answered: { $note }
complain-replaced = The organizer will replace it at your next pickup. { $note }
complain-news-replace = The organizer answered about the { $name }: it will be replaced at your next pickup. { $note }
complain-waiting = Still waiting for the organizer's answer.
complain-news-refund = The organizer answered about the { $name }: you get { $amount } back. { $note }
complain-news-reply = The organizer answered about the { $name }: { $note }

## Thrift: the organiser's word for the market price
thrift-cheaper = { $saving } cheaper than the market
thrift-shop = The organizer says the market charges { $shop } a { $unit }
thrift-read = The organizer says the market charges { $shop } a { $unit }; here it is { $saving } cheaper.
thrift-month = Buying together this month, you saved { $saved }
thrift-month-note = Counted with the organizer's market prices.

# Practice and the large-print guide
practice-banner = Practice · nothing here is really bought
practice-leave = Back to my real group
practice-start = Practice
practice-note = Try it out on this computer: a practice group where nothing is really bought and the organizer is not told.
practice-left = Practice is over: this is your own group again.
practice-failed = Practice could not start. Please press "{ practice-start }" again; if it still does not work, ask a family member to look.
guide-print = Print the large-print guide
guide-title = Linli: the large-print guide
guide-intro = This guide shows how to buy food together with your neighbors on the computer. Follow the steps; whenever you are stuck, press "{ help }".
guide-step1 = Open Linli. The first screen is "{ deals-title }". Find what you want to buy and press it.
guide-step2 = Press "{ voice-say-more }" or "{ voice-say-less }" to choose how many, then press "{ order-next }".
guide-step3 = The computer says how many, what it costs, and when and where to collect it. If that is right, press "{ order-yes }". Until the order closes you can still change or cancel it.
guide-step4 = The top of the screen always shows the pickup day and place and your pickup code (6 digits). Tell the organizer your code when you collect.
guide-step5 = If the words are hard to see, press "{ read-aloud }" and the computer reads them to you. Press "{ help }" and a volunteer will come to help you.
guide-step6 = Want to try first? In "{ help }", press "{ practice-start }": a practice group where nothing is really bought. Press "{ practice-leave }" to come back.
guide-note = Keep this guide beside the computer. Organizers and volunteers can teach neighbors with it.
# Volunteers and help
help-what = What do you need help with?
help-kind-unfamiliar = Using the app
help-kind-ordering = Ordering
help-kind-pickup = Pickup
help-kind-other = Something else
help-note-hint = Anything more to say? Write it here (you may leave it empty)
help-chosen = You chose: { $kind }. Press Enter to call a volunteer.
help-claimed = { $name } will come and help you
help-done = { $name } has helped you
help-a-volunteer = A volunteer
help-you-asked = You asked for help with: { $kind }
help-you-asked-note = You asked for help with: { $kind }, "{ $note }"
helping-title = Neighbors who need help
helping-line = { $name } needs help: { $kind }
helping-note = "{ $note }"
helping-state-open = Nobody has gone yet
helping-state-mine = You said you will go
helping-state-claimed = { $name } is going
helping-ago-now = just now
helping-ago-minutes = { $count ->
    [one] one minute ago
   *[other] { $count } minutes ago
}
helping-ago-hours = { $count ->
    [one] one hour ago
   *[other] { $count } hours ago
}
helping-claim = I'll go
helping-finish = Done
helping-press = Press { $n } for "{ $what }".
helping-empty = Nobody needs help right now.
helping-claimed-news = Thank you: please go and help { $name }. Her screen will say you are coming.
helping-finished-news = Thank you for helping { $name }!
helping-finished-ordered = You ordered for { $name }: { $items }. Her computer shows it too.
helping-order-for = Order for her
helping-new-news = { $name } asks for help: { $kind }
helping-refused = That did not go through: { $reason }
helping-deals = Today's deals
helping-coordinator-note = Volunteers will help these neighbors. If you know someone here, you may look in on them too.
helping-suggestions = Suggestions not yet adopted
helping-suggestion = { $name } ({ $topic }): { $body }
helping-no-suggestions = No suggestions to follow up right now.
helping-topic-pickup-time = Pickup time
helping-topic-products = Products
helping-topic-less-waste = Less waste
helping-topic-other = Other
helping-waiting = { $count ->
    [one] One neighbor is waiting for help
   *[other] { $count } neighbors are waiting for help
}
help-demo-note = I can't change how many
# My data and leaving
mydata-title = My data
mydata-loading = Reading your data…
mydata-name = Your name: { $name }
mydata-group = Group: { $group }, joined { $day }
mydata-not-held = The group has no phone number, address, location or health information of yours.
mydata-export = Export my data
mydata-leave = Leave the group and erase my data
mydata-keys = Press 1 to export your data, 2 to leave the group and erase your data.
mydata-organiser-stays = You are the organizer. The organizer cannot leave the group they run: everyone's orders and money are kept with you.
mydata-summary = { $name }, the group holds your name and { $counts }.
mydata-count-orders = { $count ->
    [one] one order
   *[other] { $count } orders
}
mydata-count-money = { $count ->
    [one] one money line
   *[other] { $count } money lines
}
mydata-count-helps = { $count ->
    [one] one time you asked for help
   *[other] { $count } times you asked for help
}
mydata-count-suggestions = { $count ->
    [one] one suggestion
   *[other] { $count } suggestions
}
mydata-count-complaints = { $count ->
    [one] one problem reported
   *[other] { $count } problems reported
}
mydata-count-tips = { $count ->
    [one] one tip
   *[other] { $count } tips
}
mydata-orders = Your orders ({ $count })
mydata-money-lines = Your money ({ $count } lines), { $balance }
mydata-helps = Times you asked for help ({ $count })
mydata-suggestions = Your suggestions ({ $count })
mydata-complaints = Problems you reported ({ $count })
mydata-tips = Tips you wrote ({ $count })
mydata-more = { $count ->
    [one] One more is in the export.
   *[other] { $count } more are in the export.
}
mydata-owes = you owe { $amount }
mydata-credit = you have { $amount } in hand
mydata-even = you owe nothing
mydata-quote = “{ $words }”
mydata-order = { $emoji } { $name }, { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}, pickup { $day }, { $state }
mydata-money = { $day }: { $kind } { $name } { $amount }
mydata-refund-why = Refund ({ $why })
mydata-help = { $day }: { $kind } { $note }, { $state }
mydata-help-unfamiliar = Using the app
mydata-help-ordering = Ordering
mydata-help-pickup = Pickup
mydata-other = Other
mydata-help-waiting = waiting for a volunteer
mydata-help-coming = a volunteer is coming
mydata-help-done = helped
mydata-suggestion = { $day }: { $topic } { $words }, { $state }
mydata-topic-pickup-time = Pickup time
mydata-topic-products = Products
mydata-topic-less-waste = Less waste
mydata-suggestion-new = no answer yet
mydata-suggestion-adopted = adopted by the organizer
mydata-suggestion-considering = the organizer will think about it
mydata-suggestion-declined = not for now, says the organizer
mydata-complaint = { $day }, { $name }: { $kind } { $note }. { $answer }
mydata-tip = { $day }: { $words }, { $state }
mydata-tip-shown = everyone can see it
mydata-tip-waiting = waiting for the organizer
mydata-role-member = Member
mydata-role-organiser = Organizer
mydata-role-volunteer = Volunteer
mydata-csv-name = Name
mydata-csv-role = Role
mydata-csv-joined = Joined
mydata-csv-place = Pickup place
mydata-csv-placed-at = Ordered at
mydata-csv-words = Words
mydata-csv-answer = Organizer's answer
mydata-csv-title = Title
mydata-csv-shown = Shown to everyone
mydata-exported = { $files ->
    [one] One file was exported to: { $folder }
   *[other] { $files } files were exported to: { $folder }
}
mydata-export-failed = The export did not work. Please press "{ mydata-export }" again; if it still does not work, ask a family member to look.
mydata-export-first = Export my data first
mydata-ask-title = Leave this group and erase your data
mydata-ask-erased = Erased: your name (replaced by a number), the words you wrote when you asked for help, made suggestions, reported problems or wrote tips, and all your data on this computer. This computer will no longer be in touch with the group.
mydata-ask-kept = Kept: in the organizer's books, what you bought and paid, without your name, only so the money adds up.
mydata-ask-undo = This cannot be undone. To take part again you join with an invite code.
mydata-ask-keys = Press 1 to export your data first, 2 to go on, 3 to stay.
mydata-next = Go on
mydata-stay = Stay in the group
mydata-stayed = All right: you are still in the group and nothing was erased.
mydata-sure = Are you sure you want to leave?
mydata-sure-body = After “Yes, leave”, your data is erased.
mydata-sure-keys = Press 1 to leave, 2 to stay.
mydata-leave-yes = Yes, leave
mydata-leaving = Telling the group's computer, one moment…
mydata-left = You have left the group and your data has been erased. This computer can join a group again.
mydata-left-files = The file on this computer could not be deleted: { $file }. Please ask your family to delete it.
mydata-leave-offline = The group's computer can't be reached, so you have not left and nothing was erased. Please try again when it is on.
mydata-leave-shut-out = The organizer has stopped this computer, so you have not left and nothing was erased. Please ask the organizer.
mydata-leave-failed = Leaving did not work, and nothing was erased. Please try again a little later; if it still does not work, ask the organizer.
# Tips and suggestions
nb-title = Neighbors' tips
nb-suggest = Suggest an idea
nb-write = Write a tip
nb-hear = Hear it
nb-empty = No tips from neighbors yet.
nb-tip-said = { $author } says: { $words }
nb-waiting-title = Your tips, which everyone sees once the organizer agrees:
nb-waiting = Waiting for the organizer: { $words }
nb-ideas = Good ideas from all of us
nb-ideas-empty = No ideas adopted yet.
nb-adopted = Adopted { $author }'s idea: { $reply }
nb-adopted-yours = The organizer adopted your idea: { $reply }
nb-deal = What changed: { $name }, collect { $day } at { $place }
nb-deal-read = It changed { $name }: collect { $day } at { $place }.
nb-keys = Press 1 to suggest an idea.
nb-keys-expert = Press 1 to suggest an idea, 2 to write a tip.
nb-chosen = You chose: { $name }.
nb-write-intro = Write down what you know. Once the organizer agrees, everyone can see it and hear it read aloud.
nb-write-product = What is it about? (you may leave this)
nb-write-hint = Your tip, e.g. pick tomatoes that are red and a little firm
nb-write-send = Send to the organizer
nb-write-empty = Please write your tip first, then send it to the organizer.
nb-write-sent = Your tip went to the organizer. Once she agrees, everyone can see it.
nb-order-tip = A neighbor's tip: { $author } says "{ $start }"
nb-order-tip-read = { $author } wrote a tip about { $name }; press 1 to hear it.
nb-suggest-intro = What is your idea about?
nb-topic-pickup = Pickup time
nb-topic-products = Products
nb-topic-waste = Less waste
nb-topic-other = Other
nb-ready-pickup-1 = Could pickup be a little earlier
nb-ready-pickup-2 = Pickup at weekends would be nice
nb-ready-products-1 = Could we have more fruit in season
nb-ready-products-2 = Could the packs be smaller
nb-ready-waste-1 = Order less greens so none are left over
nb-ready-waste-2 = Sell what is left cheaply to neighbors
nb-ready-other-1 = A few chairs at the pickup place would be nice
nb-ready-other-2 = Could notices come a little earlier
nb-suggest-hint = Write your idea, or press a ready sentence above
nb-suggest-send = Give it to the organizer
nb-suggest-empty = Please write a few words, or choose a ready sentence, then give it to the organizer.
nb-suggest-long = That is too long; please make it shorter.
nb-suggest-sent = Your idea went to the organizer. When she answers, it will show here and be read to you.
nb-mine = Your ideas:
nb-mine-line = { $day }, { $topic }: { $words }
nb-answer-new = Still waiting for the organizer's answer.
nb-answer-adopted = The organizer adopted it: { $reply }
nb-answer-considering = The organizer will think about it: { $reply }
nb-answer-declined = The organizer says not this time: { $reply }
nb-news-answer = The organizer answered your idea. { $answer }
nb-tip-refused = Your tip was not sent: { $reason }
nb-suggest-refused = Your idea was not sent: { $reason }

# TLS (issue 11)
hub-address-insecure = This address is not safe: use an address starting with https://, or ask the organizer for the local network address.
hub-address-malformed = This address is not written right: copy it from the invite sheet, for example https://192.168.1.20:7878
trust-title = Please check the fingerprint
trust-intro = This computer is connecting to the organizer's computer for the first time. The organizer's computer shows this fingerprint:
trust-where = The fingerprint is printed on the invite sheet, and shown on the organizer's Invite page.
trust-question = Is it the same as on the invite sheet?
trust-yes = The same, go on
trust-no = Not the same, stop
trust-read-again = Read it again
trust-read = The fingerprint is: { $digits }. Is it the same as on the invite sheet?
trust-stopped = Stopped; nothing was joined. If the fingerprint is not the same, don't join: ask the organizer, or have a family member check the address.
trust-changed = The organizer's computer shows a different fingerprint from the one you checked. To be safe, Linli will not connect. Please ask the organizer.
sync-cert-changed = The organizer's computer shows a different fingerprint, so to be safe Linli is not in touch with the group now. Please ask the organizer. Your orders are safe.

## Voice commands (说话点菜): the Speak bar, what was heard, the enrolment screen.
voice-talk = Speak
voice-talk-hint = Press "Speak" or the space bar, wait for the tone, then say: { $phrases }
voice-sep = {", "}
voice-range = { $first } to { $last }
voice-listening = Listening… please speak
voice-heard = You said: { $what }
voice-heard-item = { $phrase }, { $name }
voice-missed = Sorry, I didn't catch that. Please say it again, or press a button.
voice-no-mic = No microphone found. Please plug one in and try again, or press a button.
voice-failed = The microphone has a problem; please press a button.
voice-file-failed = The recording could not be saved or deleted. Please try again; if it still does not work, ask a family member to look.
voice-say-item-1 = Number one
voice-say-item-2 = Number two
voice-say-item-3 = Number three
voice-say-item-4 = Number four
voice-say-item-5 = Number five
voice-say-item-6 = Number six
voice-say-item-7 = Number seven
voice-say-item-8 = Number eight
voice-say-item-9 = Number nine
voice-say-back = Go back
voice-say-read-aloud = Read aloud
voice-say-more = A bit more
voice-say-less = A bit less
voice-say-yes = That's right
voice-say-no = No thanks
voice-title = Order by speaking
voice-settings = Voice: order by speaking
voice-intro = Teach the computer your voice: say each phrase three times; then press "Speak" to order. The recordings stay on this computer only, and you can delete them at any time.
voice-prompt = Please say: { $phrase }
voice-takes = Recorded { $count } times (needs { $need })
voice-record = Record
voice-recording = Recording… please speak
voice-play = Play it back
voice-redo = Record again
voice-next = Next phrase
voice-prev = Previous phrase
voice-list = Phrases to record (press one to record it now)
voice-saved = Recorded.
voice-again = Please say it once more: { $phrase }
voice-phrase-done = That phrase is done. Next one.
voice-all-done = All recorded. Press "Speak" when you order, and try it.
voice-too-quiet = I heard nothing. Please come closer to the microphone, speak up, and record it again.
voice-erase = Delete all my recordings
voice-erase-ask = Delete all your recordings? You would have to record them again to order by speaking.
voice-erase-yes = Delete
voice-erase-no = Keep them
voice-erased = All recordings are deleted.
voice-later = Later
voice-unavailable = This computer can't record.
voice-keys = Press Enter or the space bar to record, P to play it back, and the up and down arrows for another phrase.
voice-damaged = These recordings are damaged and were left out (the others all work); you can record those phrases again: { $files }

## The frame: the status area, the deals' grid, the done screen, practice
deal-sold-out-named = { $name } is sold out
deals-more-below = { $count ->
    [one] One more below: scroll down
   *[other] { $count } more below: scroll down
}
done-received = { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
} of { $name }, { $total }. The organizer has your order.
pickup-banner-practice = Practice: collect { $day } at { $place }, code { $code } (for practice: nothing to collect)
pickup-code-practice = Pickup code (for practice: nothing to collect)
more-title = More
nav-notices = Notices

## 代下单: her side, figures, members (issue 22)
orders-entered-by = { $who } ordered this for you
orders-entered-organiser = { $name } (the organizer)
orders-entered-read = { $who }: { $name }, { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}, { $state }.
news-entered = { $who } ordered for you: { $name }, { $qty } { $qty ->
    [one] { $unit }
   *[other] { $units }
}, collect { $day } at { $place }
