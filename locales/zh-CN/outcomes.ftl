# 集散点（hub）对一条指令的答复，显示并朗读给用户。
outcome-applied = 已确认
reject-sold-out = 已经卖完了
reject-too-late = 已经截单了，下次早点来
reject-over-limit = 超过了每人最多能买的数量
reject-deal-closed = 这个团购已经结束了
reject-invalid-quantity = 数量不对，请重新选一下
reject-not-allowed = 这件事在您这台电脑上做不了
reject-not-found = 找不到了，可能已经被删掉了
reject-wrong-code = 取货码不对，请再核对一下
reject-invalid = 这件事没办成
reject-terms-fixed = 已经有人下单了，价格、单位、成团数、限购和取货不能再改
reject-refund-too-large = 退款不能超过这单付的钱
reject-not-an-expert = 只有团长请的达人才能写经验
reject-bad-text = 这段话不行：可能是空的、太长了，或者有看不见的怪字符
