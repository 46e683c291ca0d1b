# 邻里 app 的文字。每一条在 en-US/app.ftl 里都有同名的一条。
app-title = 邻里
language-own-name = 中文
back = 返回
help = 求助
read-aloud = 朗读
home = 首页
settings = 设置
yes = 确定
no = 再想想

## 日期、时间、钱
money = ¥{ $yuan }
day-today = 今天
day-tomorrow = 明天
day-date = { $month }月{ $day }日
period-morning = 上午
period-noon = 中午
period-afternoon = 下午
period-evening = 晚上
clock = { $period }{ $hour }点
clock-minutes = { $period }{ $hour }点{ $minutes }分

## 同步状态
sync-never = 还没有和团长那边连上
sync-last = { $time }已同步
sync-pending = { $count } 件事等待发送
sync-offline = 暂时连不上团长那边，会自动重试，您的订单不会丢

## 取货
pickup-banner = { $day }在{ $place }取货，取货码 { $code }
pickup-none = 现在没有要取的货
pickup-code = 取货码

## 今天的团购
deals-title = 今天的团购
deals-empty = 今天还没有团购，团长发布后会出现在这里
deal-price = { $price } 一{ $unit }
deal-left = 还剩 { $left } { $unit }
deal-sold-out = 已经卖完了
deal-mine = 您已订 { $qty } { $unit }
cutoff-soon = 还有 { $minutes } 分钟截单
cutoff-tonight = 今晚{ $hour }点截单
cutoff-today = 今天{ $clock }截单
cutoff-tomorrow = 明天{ $clock }截单
cutoff-later = { $day }{ $clock }截单
cutoff-passed = 已经截单了
deals-read = 第{ $n }个，{ $name }，{ $price }，{ $left }，{ $cutoff }。

## 下单
confirm-title = 请确认
order-title = 买多少？
order-qty = { $qty } { $unit }
order-more = 多一{ $unit }
order-less = 少一{ $unit }
order-total = 一共 { $total }
order-next = 下一步
order-limit = 每人最多 { $limit } { $unit }
order-confirm = 买 { $qty } { $unit }{ $name }，共 { $total }，{ $day }在{ $place }取货。确定吗？
order-yes = 确定，买
order-refused = 没有买成：{ $reason }
done-title = 记下了
done-body = { $qty } { $unit }{ $name }，共 { $total }。正在发给团长，确认后会告诉您。
done-home = 回到首页

## 团长那边的答复
outcome-confirmed = { $name }：团长那边已经收到了
outcome-rejected = { $name }：{ $reason }
outcome-help = 志愿者那边已经收到您的求助

## 我的订单
orders-title = 我的订单
orders-empty = 您还没有订单
orders-change = 改数量
orders-cancel = 取消这个订单
orders-cancel-confirm = 确定取消 { $name } 吗？取消后不收钱。
orders-cancelled = 已经取消了
orders-read = { $name }，{ $qty } { $unit }，{ $state }。
state-placed = 已下单，等截单
state-confirmed = 已成团，{ $day }取货
state-ready = 货到了，可以去取了
state-picked-up = 已经取货
state-unclaimed = 没有来取
state-cancelled-by-member = 您已取消
state-cancelled-deal-failed = 没有成团，已取消，不收钱
state-cancelled-shortage = 货不够，已退钱
state-cancelled-called-off = 团长取消了这个团，钱已退回
state-rejected = 没有买成：{ $reason }

## 通知
notices-title = 团长的通知
notices-empty = 还没有通知
notice-new = 新通知：{ $title }。{ $body }

## 求助
help-title = 请人帮忙
help-body = 按下面的大按钮，志愿者会来帮您。
help-send = 请志愿者帮我
help-sent = 已经告诉志愿者了，请稍等，他们会来找您。
help-note = 求助（来自邻里 app）

## 设置
settings-title = 设置
settings-language = 语言
settings-size = 字的大小
settings-size-value = { $percent }%
settings-voice = 朗读
settings-rate = 语速
settings-auto-read = 进入页面时自动朗读
settings-theme = 颜色
settings-mode = 模式
settings-pin = 设置密码（保护设置）
settings-pin-clear = 取消密码
settings-locked = 请输入密码才能改设置
settings-unlock = 打开
settings-pin-wrong = 密码不对
on = 开
off = 关
rate-slowest = 很慢
rate-slow = 慢
rate-normal = 正常
theme-light = 白底黑字
theme-dark = 黑底白字
theme-yellow = 黑底黄字
mode-basic = 简单模式
mode-advanced = 团长模式

## 第一次使用
setup-welcome = 欢迎使用邻里
setup-intro = 请家人或志愿者帮忙设置，只需要一次。
setup-hub = 团长那边的地址
setup-invite = 邀请码
setup-name = 老人的称呼
setup-name-hint = 例如：李奶奶
setup-pin-hint = 四位数字，不填就不设
setup-join = 加入
setup-joining = 正在加入……
setup-join-failed = 加入没有成功：{ $error }
setup-missing = 请把地址、邀请码和称呼都填上

## 朗读
speech-unavailable = 这台电脑没有朗读服务，文字照常显示
news-read = 知道了
advanced-organiser-only = 团长模式是给团长用的。这台电脑是以组员身份加入的，所以还用简单模式。
settings-speech = 朗读
speech-ready = 朗读能用
speech-connecting = 正在连接朗读服务…
speech-retry = 再试一次
speech-trying = 正在重新连接朗读服务
print-done = 已经存好：{ $file }
print-failed = 没能打印：{ $error }
setup-join-group = 加入一个团
setup-run-group = 我是团长，建一个团
setup-group = 团的名字
setup-group-hint = 例如：幸福里3号楼
setup-organiser-name = 团长的称呼
setup-organiser-hint = 例如：王阿姨
setup-port = 端口（一般不用改）
setup-port-hint = 端口请写 1024 到 65535 之间的数字，一般用 7878
setup-host = 建团
setup-host-note = 团就在这台电脑上：这台电脑开着的时候，大家的订单才能同步过来；关着时大家的电脑照常能用，开机后再发送。
setup-host-failed = 建团没有成功：{ $error }
setup-elsewhere-note = 团长的团在志愿者的电脑上运行时，团长用团长邀请码在这里加入。

## After-sales (售后): a problem with an order, and the organiser's answer
complain-button = 有问题
complain-title = 有问题
complain-question = 这一单有什么问题？
complain-order = { $name }，{ $qty } { $unit }，{ $day }取的货。
complain-kind-broken = 坏了
complain-kind-missing = 少了
complain-kind-not-fresh = 不新鲜
complain-kind-other = 其他
complain-note-hint = 想多说几句，写在这里（可以不写）
complain-ready-refund = 请退钱给我
complain-ready-photo = 我可以拿给团长看
complain-send = 告诉团长
complain-choose-first = 请先选是什么问题：按 1 坏了，2 少了，3 不新鲜，4 其他。
complain-chosen = 您选了：{ $kind }。按回车键告诉团长。
complain-sent = 已经告诉团长了。她回复后，这里会告诉您，也会念给您听。
complain-history = 您说过的问题：
complain-said = { $day }，您说：{ $kind }。
complain-said-note = { $day }，您说：{ $kind }，“{ $note }”。
complain-refunded = 团长退了您 { $amount }：{ $note }
complain-refunded-plain = 团长退了您 { $amount }。
complain-explained = 团长回复：{ $note }
complain-replaced = 团长说下次取货时给您换新的。{ $note }
complain-news-replace = 团长回复了您说的{ $name }的问题：下次取货时给您换新的。{ $note }
complain-waiting = 还在等团长回复。
complain-news-refund = 团长回复了您说的{ $name }的问题：退您 { $amount }。{ $note }
complain-news-reply = 团长回复了您说的{ $name }的问题：{ $note }

## Thrift (节俭持家): the organiser's word for the market price
thrift-cheaper = 比菜场便宜 { $saving }
thrift-shop = 团长说菜场卖 { $shop } 一{ $unit }
thrift-read = 团长说菜场卖 { $shop } 一{ $unit }，这里便宜 { $saving }。
thrift-month = 这个月一起买，省了 { $saved }
thrift-month-note = 按团长说的菜场价算的。

# Tips and suggestions
nb-title = 邻居的经验
nb-suggest = 提建议
nb-write = 写经验
nb-hear = 听一听
nb-empty = 还没有邻居的经验。
nb-tip-said = { $author }说：{ $words }
nb-waiting-title = 您写的经验，团长同意后大家才看得到：
nb-waiting = 等团长同意：{ $words }
nb-ideas = 大家的好主意
nb-ideas-empty = 还没有采纳的建议。
nb-adopted = 采纳了{ $author }的建议：{ $reply }
nb-adopted-yours = 团长采纳了您的建议：{ $reply }
nb-deal = 改的是：{ $name }，{ $day }在{ $place }取货
nb-deal-read = 改的是{ $name }，{ $day }在{ $place }取货。
nb-keys = 按 1 提建议。
nb-keys-expert = 按 1 提建议，按 2 写经验。
nb-chosen = 您选了：{ $name }。
nb-write-intro = 写下您的经验。团长同意后，大家就能看到，也会念给大家听。
nb-write-product = 是关于哪样东西的？（可以不选）
nb-write-hint = 您的经验，比如：西红柿挑红一点、摸着硬一点的
nb-write-send = 发给团长
nb-write-empty = 请先写下您的经验，再发给团长。
nb-write-sent = 您的经验发给团长了。团长同意后，大家就能看到。
nb-order-tip = 邻居的经验：{ $author }说“{ $start }”
nb-order-tip-read = { $author }写了{ $name }的经验，按 1 听。
nb-suggest-intro = 您的建议是关于什么的？
nb-topic-pickup = 取货时间
nb-topic-products = 商品
nb-topic-waste = 减少浪费
nb-topic-other = 其他
nb-ready-pickup-1 = 取货时间能不能早一点
nb-ready-pickup-2 = 周末也能取货就好了
nb-ready-products-1 = 能不能多一些时令水果
nb-ready-products-2 = 包装能不能小一点
nb-ready-waste-1 = 菜少订一点，别剩下
nb-ready-waste-2 = 剩下的菜便宜卖给邻居
nb-ready-other-1 = 取货的地方放几把椅子就好了
nb-ready-other-2 = 通知能不能早一点发
nb-suggest-hint = 写下您的建议，也可以按上面现成的话
nb-suggest-send = 交给团长
nb-suggest-empty = 请先写几句话，或者选一句现成的话，再交给团长。
nb-suggest-long = 话太长了，请写短一点。
nb-suggest-sent = 您的建议交给团长了。团长回复后，这里会告诉您，也会念给您听。
nb-mine = 您提过的建议：
nb-mine-line = { $day }，{ $topic }：{ $words }
nb-answer-new = 还在等团长回复。
nb-answer-adopted = 团长采纳了：{ $reply }
nb-answer-considering = 团长说会考虑：{ $reply }
nb-answer-declined = 团长说这次先不做：{ $reply }
nb-news-answer = 团长回复了您的建议。{ $answer }
nb-tip-refused = 您写的经验没有发出去：{ $reason }
nb-suggest-refused = 您的建议没有交上去：{ $reason }
