"""The catalogue of what the extractor understands, one sentence per rule.

Each case is written for its rule (none is copied from a gold set):
(sentence, article date, expected measures as (kind, actor, target, value, unit)).
An empty expectation means the sentence must yield nothing.
"""

from __future__ import annotations

import datetime as dt

D1987 = dt.date(1987, 4, 10)
D2025 = dt.date(2025, 9, 1)
D2022 = dt.date(2022, 6, 1)

Expected = tuple[str, str, str, float | None, str | None]

# Measures stated with a verb, the actor as subject.
VERB_LED: list[tuple[str, dt.date, list[Expected]]] = [
    ("Trump slapped 25% tariffs on Mexico last week.", D2025, [("tariff", "USA", "MEX", 25, "percent")]),
    ("The White House imposed 100 pct duties on 150 mln dlrs of Brazilian shoes.", D1987,
     [("tariff", "USA", "BRA", 100, "percent")]),
    ("Canada imposed sanctions against Libya on Monday.", D1987, [("sanction", "CAN", "LBY", None, None)]),
    ("Norway banned imports of Iranian carpets.", D1987, [("import_ban", "NOR", "IRN", None, None)]),
    ("Tokyo restricted exports of machine tools to China.", D1987, [("export_control", "JPN", "CHN", None, None)]),
    ("Moscow bought 1.5 mln tonnes of wheat from Canada.", D1987, [("purchase", "SUN", "CAN", 1500000, "tonnes")]),
    ("Germany supplied Ukraine with air defence missiles.", D2022, [("supply", "DEU", "UKR", None, None)]),
    ("The Soviet Union sold 500,000 tonnes of crude oil to India.", D1987, [("supply", "SUN", "IND", 500000, "tonnes")]),
    ("Japan agreed to restrain its exports of machine tools to the United States.", D1987,
     [("quota", "JPN", "USA", None, None)]),
    ("The Group of Seven agreed a price cap of $60 a barrel on Russian crude.", D2022,
     [("price_cap", "G7", "RUS", 60, "usd_per_barrel")]),
]

# Financial and diplomatic sanctions named by their instrument.
NAMED_SANCTIONS: list[tuple[str, dt.date, list[Expected]]] = [
    ("London announced an asset freeze on Belarusian officials.", D2022, [("sanction", "GBR", "BLR", None, None)]),
    ("Canada imposed visa bans on senior Iranian officials.", D2022, [("sanction", "CAN", "IRN", None, None)]),
]

# Measures named by a noun: possessives and adjectives give the author.
NOUN_LED: list[tuple[str, dt.date, list[Expected]]] = [
    ("India's 20% tariff on American almonds hurt growers.", D2025, [("tariff", "IND", "USA", 20, "percent")]),
    ("Exporters fear the new Chinese duties on Australian wine.", D2022, [("tariff", "CHN", "AUS", None, None)]),
    ("A 100 pct duty on Japanese electronics was announced by Washington.", D1987,
     [("tariff", "USA", "JPN", 100, "percent")]),
]

# Passive and goods-as-subject sentences: the goods' owner is the target.
PASSIVE: list[tuple[str, dt.date, list[Expected]]] = [
    ("Vietnamese shrimp now face 40% U.S. duties.", D2025, [("tariff", "USA", "VNM", 40, "percent")]),
]

# Names that stand for governments: capitals, leaders in office, agencies, blocs.
METONYMS: list[tuple[str, dt.date, list[Expected]]] = [
    ("The Kremlin halted gas deliveries to Finland.", D2022, [("export_control", "RUS", "FIN", None, None)]),
    ("Gorbachev agreed to buy two mln tonnes of U.S. corn.", D1987, [("purchase", "SUN", "USA", 2000000, "tonnes")]),
    ("The European Commission imposed anti-dumping duties on Korean videos.", D1987,
     [("tariff", "EU", "KOR", None, None)]),
    ("Pretoria faces new sanctions from Denmark.", D1987, [("sanction", "DNK", "ZAF", None, None)]),
]

# Reference across sentences and inside one.
COREFERENCE: list[tuple[str, dt.date, list[Expected]]] = [
    # "by President Reagan": a title between the preposition and the leader still makes him an agent, not the subject.
    ("Officials inspected Korean steel ahead of a ruling by President Reagan on imposing the planned 20 pct tariff on the cargoes.",
     D1987, [("tariff", "USA", "KOR", 20, "percent")]),
    # An import ban with no object names its target by the goods it keeps out.
    ("Argentine beef has been kept off Italian tables since the EC banned most imports in March.", D1987,
     [("import_ban", "EU", "ARG", None, None)]),
    # ", and the Korean government ..." opens a new clause with its own subject; a list of names does not.
    ("Japan stalled the talks, and the Korean government imposed duties on U.S. beef.", D2025,
     [("tariff", "KOR", "USA", None, None)]),
    ("Canada, Mexico, and China imposed tariffs on U.S. goods.", D2025,
     [("tariff", "CAN", "USA", None, None), ("tariff", "MEX", "USA", None, None), ("tariff", "CHN", "USA", None, None)]),
    ("Japan will require licences for exports of chip tools to China, and the Dutch government published new rules.", D2025,
     [("export_control", "JPN", "CHN", None, None)]),
    # A sentence opening with "It" continues the last subject, not the last name.
    ("Beijing imposed 10% duties on Canadian canola this week. It also put six Canadian firms on its export control list.",
     D2025, [("tariff", "CHN", "CAN", 10, "percent"), ("export_control", "CHN", "CAN", None, None)]),
    ("Officials met Brazil's trade minister. Brazil's exporters were told the country would face U.S. quotas on steel.",
     D1987, [("quota", "USA", "BRA", None, None)]),
    ("Seoul met envoys from Canada and Australia. The two countries are big buyers of its coal.", D2022,
     [("purchase", "CAN", "KOR", None, None), ("purchase", "AUS", "KOR", None, None)]),
]

# Modern phrasings of the same kinds.
MODERN: list[tuple[str, dt.date, list[Expected]]] = [
    ("The EU agreed to phase out Russian gas imports by 2027.", D2025, [("import_ban", "EU", "RUS", None, None)]),
    ("Beijing halted purchases of U.S. soybeans.", D2025, [("import_ban", "CHN", "USA", None, None)]),
    ("Washington added 80 Chinese firms to its Entity List.", D2025, [("export_control", "USA", "CHN", None, None)]),
    ("India will buy more U.S. energy to narrow the trade gap.", D2025, [("purchase", "IND", "USA", None, None)]),
    ("The U.S. Treasury sanctioned three Chinese refineries for buying Iranian oil.", D2025,
     [("sanction", "USA", "CHN", None, None), ("purchase", "CHN", "IRN", None, None)]),
    ("Canada dropped its retaliatory tariffs on U.S. goods on Monday.", D2025, [("tariff", "CAN", "USA", None, None)]),
    ("The new duties on Japanese cars - up from 10 pct - stand at 25 pct, Washington said.", D1987,
     [("tariff", "USA", "JPN", 25, "percent")]),
]

# Lifting and easing (gold README convention 3).
RELIEF: list[tuple[str, dt.date, list[Expected]]] = [
    # ", which spares ..." names who an exemption protects; a plain "which" still ends the search.
    ("Growers praised the EU waiver for small shipments, which spares most Mexican avocados.", D2025,
     [("relief", "EU", "MEX", None, None)]),
    ("Washington lifted its sanctions on Poland on Friday.", D1987, [("sanction", "USA", "POL", None, None)]),
    ("Beijing will cut its 40% duty on Canadian canola to 10%.", D2025,
     [("relief", "CHN", "CAN", 10, "percent"), ("tariff", "CHN", "CAN", 40, "percent")]),
    ("Reagan lifted 51 mln dlrs of the sanctions on Japanese goods in June.", D1987,
     [("relief", "USA", "JPN", 51_000_000, "usd")]),
    ("Exporters urged Washington to lift the import ban on Argentine beef.", D1987,
     [("relief", "USA", "ARG", None, None)]),
    # A lifting only hoped for or under talks is relief, not a measure gone.
    ("The minister said he hoped Canada could soon lift its sanctions against Chile.", D1987,
     [("relief", "CAN", "CHL", None, None)]),
    ("French and Italian envoys met to discuss the removal of French sanctions on Italian wine.", D1987,
     [("relief", "FRA", "ITA", None, None)]),
    # Cutting trade ties is the boycott itself, not its easing.
    ("Sweden's boycott gives its firms until June to cut trade links with South Africa.", D1987,
     [("sanction", "SWE", "ZAF", None, None)]),
]

# Who speaks is not who acts; relative clauses and agents name the actor.
DISCOURSE: list[tuple[str, dt.date, list[Expected]]] = [
    ("Trump said the bloc would buy $20 billion worth of American LNG.", D2025,
     [("purchase", "EU", "USA", 20_000_000_000, "usd")]),
    ("Diesel still flows to Europe, which will soon bar fuels refined from Russian crude.", D2025,
     [("import_ban", "EU", "RUS", None, None)]),
    ("Ukraine says Russia fired dozens of missiles supplied by North Korea.", D2025,
     [("supply", "PRK", "RUS", None, None)]),
    ("Kyiv keeps accusing Minsk of supplying Moscow with fuel.", D2025, [("supply", "BLR", "RUS", None, None)]),
    ("In Turkey, the state refinery has bought three cargoes of crude from Iraq.", D2025,
     [("purchase", "TUR", "IRQ", None, None)]),
    ("Refiners in India are the biggest customers for Russian oil.", D2025, [("purchase", "IND", "RUS", None, None)]),
    ("Ministers urged Washington to lift its sanctions against Venezuela.", D2025, [("relief", "USA", "VEN", None, None)]),
    ("Japan warned Korea it would retaliate.", D2022, [("sanction", "JPN", "KOR", None, None)]),
    ("Washington put 30% tariffs on Chinese steel. Beijing vowed countermeasures.", D2025,
     [("tariff", "USA", "CHN", 30, "percent"), ("sanction", "CHN", "USA", None, None)]),
    ("Washington put 25% tariffs on Mexican steel. Mexico said it would respond with tariffs of its own.", D2025,
     [("tariff", "USA", "MEX", 25, "percent"), ("tariff", "MEX", "USA", None, None)]),
    ("Canberra imposed sanctions on Iran on Monday. New Zealand announced matching measures.", D2022,
     [("sanction", "AUS", "IRN", None, None), ("sanction", "NZL", "IRN", None, None)]),
    ("Washington put quotas on Brazilian steel in 1984. The Reagan administration tightened the quotas in March.", D1987,
     [("quota", "USA", "BRA", None, None)]),
    ("Critics called for sanctions to stop all Danish shipping to Libya.", D1987, []),
    ("Goods from Chile and Peru now face U.S. tariffs. Imports from both neighbours are taxed at 10%.", D2025,
     [("tariff", "USA", "CHL", 10, "percent"), ("tariff", "USA", "PER", 10, "percent")]),
    ("President Sheinbaum spoke on Monday. Her government will answer with tariffs on U.S. pork.", D2025,
     [("tariff", "MEX", "USA", None, None)]),
    ("The row hurts Canada, which is already grappling with 35% U.S. tariffs.", D2025,
     [("tariff", "USA", "CAN", 35, "percent")]),
    ("Thousands of artillery shells were shipped from North Korea to Russia last year.", D2025,
     [("supply", "PRK", "RUS", None, None)]),
    ("The EU set a price cap of $47.60 a barrel on Russian crude. Britain said it would apply the same lower cap, "
     "but Washington has not followed.", D2025,
     [("price_cap", "EU", "RUS", 47.6, "usd_per_barrel"), ("price_cap", "GBR", "RUS", 47.6, "usd_per_barrel")]),
    ("The United States and the European Union agreed to scrap tariffs on each other's whisky.", D2025,
     [("relief", "USA", "EU", None, None), ("relief", "EU", "USA", None, None)]),
]

# Figures: which one the gold rules want, and where it may sit.
FIGURE_CHOICE: list[tuple[str, dt.date, list[Expected]]] = [
    ("The 10% tariff Washington put on Mexican tomatoes was doubled to 20% on Friday.", D2025,
     [("tariff", "USA", "MEX", 20, "percent")]),
    ("Ottawa will lower the duty on Chinese canola to 15% from 75%.", D2025,
     [("relief", "CAN", "CHN", 15, "percent"), ("tariff", "CAN", "CHN", 75, "percent")]),
    ("India took about 1.2 million barrels per day of Russian crude in May.", D2025,
     [("purchase", "IND", "RUS", 1_200_000, "barrels_per_day")]),
    ("A $45-a-barrel ceiling on the price of Russian crude took effect. The cap was agreed by the Group of Seven.",
     D2025, [("price_cap", "G7", "RUS", 45, "usd_per_barrel")]),
    ("Poland says U.S. sanctions have cost its economy 15 billion dlrs.", D1987, [("sanction", "USA", "POL", None, None)]),
    ("Estimates put the impact of the U.S. tariffs on Japan at 10 billion dlrs.", D1987,
     [("tariff", "USA", "JPN", None, None)]),
    ("The Commerce Department lowered to 2.5 pct the anti-dumping duty on Brazilian juice.", D1987,
     [("relief", "USA", "BRA", 2.5, "percent")]),
    ("The U.S. Treasury said it would temporarily permit imports of South African uranium.", D1987,
     [("relief", "USA", "ZAF", None, None)]),
    ("Tokyo bought 2 mln tonnes of Canadian wheat, worth 400 mln Canadian dlrs.", D1987,
     [("purchase", "JPN", "CAN", 2_000_000, "tonnes")]),
    ("Kenya accepted 5,000 tonnes of maize under a Japanese food aid programme.", D1987,
     [("supply", "JPN", "KEN", 5000, "tonnes")]),
]

# Goods that face a measure are its target, not a trade flow.
GOODS_FACING: list[tuple[str, dt.date, list[Expected]]] = [
    ("Thai exports to the United States will face a 19% tariff from August.", D2025,
     [("tariff", "USA", "THA", 19, "percent")]),
    # A measure under consideration is a measure (status proposed, gold README).
    ("The U.S. is considering restrictions on imports of Brazilian beef.", D1987,
     [("import_ban", "USA", "BRA", None, None)]),
    ("Brussels opened an inquiry into imports of Chinese bicycles.", D2025, []),
]

# Verb-less lists: a second rate for other goods is a second item (gold convention 1).
RATE_LISTS: list[tuple[str, dt.date, list[Expected]]] = [
    ("Mexican cement will pay 30% Canadian duties from June 1, and Mexican glass 15%.", D2025,
     [("tariff", "CAN", "MEX", 30, "percent"), ("tariff", "CAN", "MEX", 15, "percent")]),
    ("Brussels set anti-dumping duties of 18 pct on Japanese typewriters, and 9 pct on Taiwanese ones.", D1987,
     [("tariff", "EU", "JPN", 18, "percent"), ("tariff", "EU", "TWN", 9, "percent")]),
    ("Seoul put a 12 pct duty on U.S. oranges, and imports fell 3 pct.", D1987,
     [("tariff", "KOR", "USA", 12, "percent")]),
]

# Voluntary export restraints: the exporting country is the actor (gold README, quota).
RESTRAINTS: list[tuple[str, dt.date, list[Expected]]] = [
    ("The U.S. pressed for voluntary export restraints on Korean footwear.", D1987, [("quota", "KOR", "USA", None, None)]),
    ("Washington set quotas on Korean footwear.", D1987, [("quota", "USA", "KOR", None, None)]),
]

# A flow agreed and a flow that happened between the same pair are two items; one sentence is one flow.
PHASES: list[tuple[str, dt.date, list[Expected]]] = [
    ("Egypt agreed to buy 300,000 tonnes of French wheat. Traders said Egypt bought French barley in March.", D1987,
     [("purchase", "EGY", "FRA", 300000, "tonnes"), ("purchase", "EGY", "FRA", None, None)]),
    ("With those purchases, Egypt is committed to buying 300,000 tonnes of French wheat.", D1987,
     [("purchase", "EGY", "FRA", 300000, "tonnes")]),
]

# An export control's target named by what it can no longer get, here or in the next sentence.
DENIED_ACCESS: list[tuple[str, dt.date, list[Expected]]] = [
    ("Iran can no longer obtain Swiss turbines after Switzerland banned the exports on Friday.", D2025,
     [("export_control", "CHE", "IRN", None, None)]),
    ("Seoul will require licences for exports of memory chips from May. The step is meant to curb Russia’s access to them.",
     D2025, [("export_control", "KOR", "RUS", None, None)]),
    ("Bern banned the exports on Friday. Analysts doubt Iran's ability to pay.", D2025, []),
]

# Statements that must yield nothing.
NON_EVENTS: list[tuple[str, dt.date, list[Expected]]] = [
    ("Japan did not impose tariffs on U.S. rice.", D1987, []),
    ("The minister ruled out sanctions against Israel.", D2025, []),
    ("Will Canada impose duties on Chinese steel?", D2025, []),
    ("Tariffs are taxes paid by importers.", D2025, []),
    ("The company raised prices by 5% after the strike.", D2025, []),
    ("Japan's trade surplus with the United States rose 20% to 5 billion dlrs.", D1987, []),
    ("", D2025, []),
    ("He floated tariffs of 25% on Russian oil but never imposed them.", D2025, []),
    ("India failed to convince Washington to call off the tariffs on Indian shrimp.", D2025, []),
    ("Buyers from Tokyo to Washington scrambled for Chinese gallium supplies.", D2025, []),
    ("MITI tightened curbs on chip exports to countries other than the United States.", D1987, []),
    ("Armenia said it was retaliating against missile attacks from Azerbaijan.", D2022, []),
    ("The envoy said it was the duty of Japan to help Ukraine.", D2025, []),
    ("The court can impose a financial penalty on Italian firms.", D2025, []),
    ("Japan's car exports to the EC jumped 30 pct this year.", D1987, []),
    ("Spain plans to boost exports to European Community markets.", D1987, []),
    ("Nigeria hopes to expand its crude oil exports to India next year.", D1987, []),
    ("Chile relies on Argentina for about 15% of its gas imports.", D2022, []),
    ("Japanese beef cuts sell for 30 dlrs a pound in Tokyo, against three dlrs in the U.S.", D1987, []),
    ("Soybean imports from Brazil are expected to rise sharply this year.", D1987, []),
    ("Is the U.S. about to impose sanctions on Cuba?", D1987, []),
    ("We don't want to take retaliatory action against Japan, Yeutter said.", D1987, []),
    ("Norway backed sanctions against Pretoria in a bid to end its rule of Namibia.", D1987,
     [("sanction", "NOR", "ZAF", None, None)]),
    # A measure imagined as absent is not one in force.
    ("Japan has beef quotas. U.S. packers say that in the absence of quotas, beef from Australia could undercut them in Japan.",
     D1987, []),
    # An average over past years is a trade statistic, not a flow of note.
    ("Hungarian exports to Canada averaged about 90 mln dlrs a year in the early 1980s.", D1987, []),
    ("The new rules touch about 80 mln dlrs of goods, a small slice of Korea's total exports to Canada.", D1987, []),
    # A producer group's output or export quota is no measure between two countries.
    ("Venezuela pumped 40,000 bpd above its OPEC quota while Ecuador stayed below.", D1987, []),
    ("Brazil has had its ICO quota cut in favour of Colombia and the United States has backed it.", D1987, []),
    # After "accused X of ...", a second verb joined by "and has" is the accuser's again.
    ("Ottawa has accused Brasilia of dumping shoes and has threatened retaliatory steps.", D1987,
     [("sanction", "CAN", "BRA", None, None)]),
    # A flow that is only demanded or imagined is no flow (market-access demands, "would curb").
    ("Ottawa demanded greater access for Canadian wheat sales to Japan.", D1987, []),
    ("The deal opens Japan to American semiconductor sales.", D1987, []),
    ("Senators want to stop Korea selling cheap steel to America.", D1987, []),
    ("The quota would curb Thai rice sales to the Philippines.", D1987, []),
    ("Taiwan bought 300,000 tonnes of U.S. corn last week.", D1987, [("purchase", "TWN", "USA", 300000, "tonnes")]),
    # A superlative ranks a partner: a statistic, unless the goods are strategic.
    ("Mexico is the second-largest buyer of Canadian farm products.", D1987, []),
    ("Finland is the biggest buyer of Soviet crude oil in Western Europe.", D1987, [("purchase", "FIN", "SUN", None, None)]),
    # Lobbying a government not to act is no denial: the measure is still pending.
    ("Seoul sent envoys to persuade the EC not to impose duties on Korean videos.", D1987,
     [("tariff", "EU", "KOR", None, None)]),
]

ALL_CASES = (VERB_LED + NOUN_LED + PASSIVE + METONYMS + COREFERENCE + MODERN + RELIEF + DISCOURSE + FIGURE_CHOICE
             + GOODS_FACING + RATE_LISTS + RESTRAINTS + PHASES + DENIED_ACCESS + NAMED_SANCTIONS + NON_EVENTS)
