"""Names the dashboard is built around, in one place: whose line it is, who imposes, and the
catch-all product and partner codes of ``trade_measures.csv``."""

#: The focus country (ISO 3166-1 alpha-3): the dashboard tells Japan's story.
FOCUS = "JPN"
#: The imposer whose tariffs the rate views follow (ISO alpha-3).
IMPOSER = "USA"
#: The other power Japan balances against (ISO alpha-3).
RIVAL = "CHN"
#: ``trade_measures.product`` for goods in general (as opposed to a Section 232 product).
ALL_GOODS = "all_goods"
#: ``trade_measures.target`` for a measure on every partner.
ALL = "ALL"
