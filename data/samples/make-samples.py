#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds the sample incident files of data/samples/.

incidents.csv and incidents.json (the same set) are the default sample:
researched records only, every one with its source, illustrative=false.
  - Part one maps the researched records of the project's research notes
    (shared/reference/incidents_sample.csv, ids CMI-...) into Oretrace's
    incident format, with the corrections of incidents_updates.md applied
    (CORRECTIONS below; each says which source supports it).
  - Part two adds shared/reference/incidents_real.csv (ids REAL-...), which
    is already in Oretrace's format, after checking each row's fields
    against its own notes (REAL_CORRECTIONS below).
illustrative-demo.csv holds made-up records (illustrative=true, fictional
company names) that show the reported patterns; its name says so and so
does every chart of it.
Run: data/samples/make-samples.py REFERENCE_DIR
"""
import csv
import json
import os
import sys

COLUMNS = ["id", "date", "mineral", "form", "hs_code", "quantity", "unit", "value",
           "currency", "declared_as", "concealment", "origin", "exporter", "via",
           "destination", "consignee", "status", "confidence", "reliability",
           "credibility", "event_country", "event_place", "authority", "case_ref",
           "illustrative", "source", "source_url", "notes"]

FORMS = {"ingot": "metal", "powder": "magnet", "product": "unknown", "": "unknown"}
CONCEALMENT_WORDS = {
    "misdeclaration": "false declaration",
    "hidden_in_goods": "hidden in other goods",
    "false_origin": "false origin",
    "split_shipments": "split shipments",
    "express_post": "express post",
    "passenger_baggage": "passenger baggage",
    "document_fraud": "falsified documents",
    "relabelling": "relabelling",
    "commingling": "mixed into other material",
    "transshipment": "transshipment",
    "undervaluation": "undervaluation",
}
CONCEALMENT_OVERRIDE = {
    "CMI-2025-0011": "hidden in plastic mannequins; hidden in bottled water; "
                     "mixed into ceramic-tile material",
}


def hub_names(ref):
    names = {}
    with open(os.path.join(ref, "hubs_ref.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["unlocode"]:
                names[row["unlocode"]] = row["name"].split(" (")[0]
    return names


def map_via(text, hubs):
    hops = []
    for part in filter(None, text.split("|")):
        country, _, place = part.partition(":")
        hops.append(country + (":" + hubs.get(place, place) if place else ""))
    return "; ".join(hops)


def placeholder(name):
    """Bracketed descriptions stand for unnamed parties: not a company."""
    return name.startswith("[") and name.endswith("]")


# Corrections to the CMI rows from shared/reference/incidents_updates.md
# (better sources found later for the same events).  Each entry: fields to
# replace, "add" = text appended to notes, "also" = further source URLs.
# Where the reference's own fields contradict its notes or the updates, the
# note wins and the comment says so.
CORRECTIONS = {
    "CMI-2024-0001": {
        "add": "The original MSS text (2024-11-04) says the employee bought the gallium in "
               "early 2024 on the instructions of a foreign buyer and handed the bottle to a "
               "foreign courier who did not know what it was; the courier was only warned, the "
               "employee and his company faced legal liability.",
        "also": ["https://www.cnenergynews.cn/article/4OAJBy09RyB"],
    },
    "CMI-2025-0001": {
        "add": "Hong Kong customs used an ordinance that can apply to the unlicensed export of "
               "controlled items; the origin of the shipment is unclear.",
        "also": ["https://www.devdiscourse.com/article/headlines/3338367-hong-kong-customs-seize-"
                 "antimony-ingots-amid-export-controls"],
    },
    "CMI-2025-0003": {
        "add": "The court tried six related cases prosecuted by the Shenzhen People's "
               "Procuratorate (co-defendants named include Zhou Chusheng, Luo Fan and Hu Xikun); "
               "offences February-March 2025, over 96 t seized by customs, judgment announced "
               "2025-12-16. Kept as one record: the details of each case are not public.",
        "also": ["https://udn.com/news/story/7331/9208363"],
    },
    "CMI-2025-0004": {
        "add": "Principal named as Chang Yongsheng; a logistics-company employee who helped was "
               "jailed for 3 years.",
        "also": ["https://udn.com/news/story/7331/9210223"],
    },
    "CMI-2025-0005": {
        "add": "Lead defendant named as Wu Hongyan.",
    },
    "CMI-2025-0006": {
        "add": "Thailand has a single antimony smelter; Thailand and Mexico entered the top "
               "three destinations of Chinese antimony exports in 2025.",
        "also": ["https://squidsite02.com/2025/07/09/how-us-buyers-of"],
    },
    "CMI-2025-0007": {
        # The reference marks the origin as assumed: the Chinese origin is the
        # article's own inference (Mexico has no meaningful mining), so it stays.
        "add": "Chinese origin is the inference of the analysts Reuters quotes.",
    },
    "CMI-2025-0008": {
        # The reference's quantity (200 kg) is marked assumed, and its own note
        # says the figure is unverified: the note wins, the field stays empty.
        "quantity": "", "unit": "",
        "add": "Quantity left empty: the 200 kg figure appears only in secondary Chinese "
               "summaries.",
    },
    "CMI-2025-0009": {
        "add": "The MSS Chinese text stresses the postal and express channel and many small "
               "parcels.",
    },
    "CMI-2025-0010": {
        "add": "The MSS Chinese text stresses the postal and express channel and many small "
               "parcels.",
    },
    "CMI-2025-0011": {
        "add": "The MSS Chinese text stresses the postal and express channel and many small "
               "parcels.",
    },
    "CMI-2023-0001": {
        # The updates confirm final judgments in the wider case, but not the
        # outcome for this named company: the status stays "charged".
        "add": "Wider case: first-instance judgment No. 326/2025 (Hanoi People's Court) and "
               "appeal judgment No. 535/2025.",
    },
    "CMI-2025-0012": {
        # The reference's date (2019, a range to 2023) is the whole Thai Duong
        # case; its own note and the updates (Viet Nam News, SGGP, VietNamNet)
        # date this movement, the 2,160 t bought by Liu Dehua, to October-
        # November 2021.  The status moves from charged to convicted: Dan Tri
        # (2026-02-04) reports final judgments and their enforcement.
        "date": "2021-10", "date_end": "2021-11", "status": "convicted",
        "case_ref": "Hanoi People's Court judgment No. 326/2025; appeal judgment No. 535/2025",
        "source": "Viet Nam News, \"Man prosecuted for illegal ore trade causes losses of US$34.1 "
                  "million to State's resources\" (2025-02); Dan Tri, \"Tich thu sung cong quy "
                  "khoi luong dat hiem cuc lon o Yen Bai, Hai Phong\" (2026-02-04)",
        "add": "Liu Dehua bought the ore in October-November 2021, upgraded it in Hai Phong and "
               "had it declared as oxalate mixture through a Guangzhou company. Final judgments "
               "exist (Dan Tri, 2026-02-04: enforcement order confiscating the stockpiles); "
               "individual sentences not read.",
        "also": ["https://vietnamnews.vn/society/1691867/man-prosecuted-for-illegal-ore-trade-"
                 "causes-losses-of-us-34-1-million-to-state-s-resources.html",
                 "https://dantri.com.vn/thoi-su/tich-thu-sung-cong-quy-khoi-luong-dat-hiem-cuc-"
                 "lon-o-yen-bai-hai-phong-20260204144231740.htm"],
    },
    "CMI-2023-0002": {
        "add": "41,700 t is more than double China's own heavy rare-earth mining quota "
               "(Global Witness).",
        "also": ["https://eng.mizzima.com/2024/05/28/10314"],
    },
    "CMI-2024-0002": {
        "add": "Belgium took almost 9 t of about 22 t of Chinese germanium exports in 2024 and "
               "1,950 kg of 5,068 kg in H1 2025 (rawmaterials.net).",
        "also": ["https://rawmaterials.net/two-years-of-export-restrictions-which-countries-still-"
                 "receive-significant-quantities-of-germanium"],
    },
    "CMI-2024-0003": {
        "add": "Fastmarkets warns this may be pre-control stock from Europe rather than "
               "diversion.",
    },
    "CMI-2025-0014": {
        # HS code marked assumed in the reference (not declared or found).
        "hs_code": "",
    },
    "CMI-2025-0015": {
        # HS code marked assumed in the reference (not declared or found).
        "hs_code": "",
        "add": "A variant of the story (2.3 t of Dy/Tb hidden in plastic models) conflicts "
               "with this one and is not adopted.",
    },
    "CMI-2025-0002": {
        "add": "Nanning Daily (15 April) said the case was passed to the anti-smuggling bureau.",
        "also": ["https://china-century.com/rdhl/14093.html"],
    },
}


def researched(ref):
    hubs = hub_names(ref)
    out = []
    with open(os.path.join(ref, "incidents_sample.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["id"].startswith("ILL-"):
                continue   # replaced by the illustrative set below
            fix = CORRECTIONS.get(r["id"], {})
            for key in ("date", "date_end", "status", "case_ref", "quantity", "unit", "hs_code"):
                if key in fix:
                    r[key] = fix[key]
            if "date_end" in fix:
                r["date_precision"] = "range"
            notes = [r["title"].rstrip(".") + "."]
            if r["date_precision"] == "range" and r["date_end"]:
                notes.append(f"Period {r['date']} to {r['date_end']}.")
            if r["date_precision"] == "unknown":
                notes.append("Date of the offence not given; year of reporting.")
            for key in ("exporter", "consignee"):
                if placeholder(r[key]):
                    notes.append(f"{key.capitalize()}: {r[key][1:-1]}.")
            if r["concealment_detail"]:
                notes.append(r["concealment_detail"].rstrip(".") + ".")
            if r["outcome"]:
                notes.append("Outcome: " + r["outcome"].rstrip(".") + ".")
            if r["notes"]:
                notes.append(r["notes"].rstrip(".") + ".")
            if "add" in fix:
                notes.append(fix["add"])
            urls = r["source_urls"].split("|") + fix.get("also", [])
            if len(urls) > 1:
                notes.append("Also: " + " ".join(urls[1:]))
            quantity, unit = r["quantity"], r["unit"]
            if unit not in ("", "kg", "t", "g", "lb"):
                notes.append(f"Quantity: {quantity} {unit}.")
                quantity = unit = ""
            publishers = r["publishers"].split("|")
            titles = r["source_titles"].split("|")
            dates = r["published_dates"].split("|")
            source = "; ".join(f"{p}, \"{t}\" ({d})" for p, t, d in zip(publishers, titles, dates))
            if "source" in fix:
                source += "; " + fix["source"]
            concealment = CONCEALMENT_OVERRIDE.get(r["id"]) or "; ".join(
                CONCEALMENT_WORDS.get(c, c.replace("_", " "))
                for c in r["concealment"].split("|") if c and c != "unknown")
            out.append({
                "id": r["id"],
                "date": r["date"],
                "mineral": "rare earths (mixed)" if r["mineral"] == "rare_earths" else r["mineral"],
                "form": FORMS.get(r["form"], r["form"]),
                "hs_code": r["hs_code"] or r["declared_hs_code"],
                "quantity": quantity,
                "unit": unit,
                "value": r["declared_value"],
                "currency": r["currency"],
                "declared_as": r["declared_as"],
                "concealment": concealment,
                "origin": "" if r["origin_country"] == "ZZ" else r["origin_country"],
                "exporter": "" if placeholder(r["exporter"]) else r["exporter"],
                "via": map_via(r["transit_hubs"], hubs),
                "destination": r["destination_country"],
                "consignee": "" if placeholder(r["consignee"]) else r["consignee"],
                "status": r["status"],
                "confidence": r["confidence"],
                "reliability": r["source_reliability"],
                "credibility": r["info_credibility"],
                "event_country": r["event_country"],
                "event_place": r["event_place"],
                "authority": r["authority"],
                "case_ref": r["case_ref"],
                # Researched: the reference's "illustrative" flag marked rows
                # with assumed fields, which are now dropped or explained above.
                "illustrative": "false",
                "source": source,
                "source_url": urls[0],
                "notes": " ".join(notes),
            })
    return out


# incidents_real.csv is in Oretrace's format already.  Each row's fields were
# checked by hand against its own notes (quantity and unit, date, route,
# status); where they disagree the note wins:
#  - REAL-2025-0019: event_place "Rotterdam (price basis)" is where prices are
#    quoted, not where anything happened (and there is no event_country): moved
#    to the notes.
# Rows whose figures overlap are kept as the note says, not summed:
# REAL-2026-0002 (9,380 t, Navy total) probably includes REAL-2026-0001 (7 t).
REAL_CORRECTIONS = {
    "REAL-2025-0019": {"event_place": "",
                       "add": "Prices quoted on a Rotterdam basis."},
}

# The concealment column of incidents_real.csv is prose; it is mapped to the
# words the CMI rows use (CONCEALMENT_WORDS), so that the filter lists one
# method once, and the prose is kept in the notes ("Concealment as
# reported: ...").  Each mapping follows the row's own notes (REAL-2025-0010:
# "treated as false declaration").
REAL_CONCEALMENT = {
    "REAL-2024-0001": "recruiting experts abroad",
    "REAL-2024-0002": "hidden in other goods",
    "REAL-2024-0005": "relabelling",
    "REAL-2025-0001": "front company; transshipment",
    "REAL-2025-0002": "hidden in other goods",
    "REAL-2025-0003": "processing abroad; re-export",
    "REAL-2025-0004": "false declaration",
    "REAL-2025-0005": "false declaration",
    "REAL-2025-0009": "false declaration",
    "REAL-2025-0010": "false declaration",
    "REAL-2025-0018": "embedded in finished goods; reformulation",
    "REAL-2025-0021": "false declaration; undervaluation; express post",
    "REAL-2025-0022": "undeclared",
    "REAL-2026-0001": "described as another mineral",
}


def real(ref):
    out = []
    with open(os.path.join(ref, "incidents_real.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS, "incidents_real.csv: columns changed"
        for r in reader:
            assert r["illustrative"] == "false", r["id"]
            fix = REAL_CORRECTIONS.get(r["id"], {})
            for key, value in fix.items():
                if key != "add":
                    r[key] = value
            if "add" in fix:
                r["notes"] = r["notes"].rstrip(".") + ". " + fix["add"]
            if r["concealment"]:
                words = REAL_CONCEALMENT[r["id"]]
                r["notes"] = (r["notes"].rstrip(".") + ". Concealment as reported: "
                              + r["concealment"] + ".")
                r["concealment"] = words
            if r["mineral"] == "rare earths":
                r["mineral"] = "rare earths (mixed)"
            out.append(dict(r))
    return out


# Illustrative records: made-up details on reported patterns.  Every
# company name here is fictional and says so.
MSS_2025 = ("Associated Press (via Star Tribune), \"China pledges to crack down on illicit "
            "exports of rare earths\" (2025-07-18) - pattern only",
            "https://www.startribune.com/china-pledges-to-crack-down-on-illicit-exports-of-"
            "rare-earths-urges-us-to-lift-more-trade-controls/601434360")
REUTERS_TH_MX = ("Reuters (syndicated), \"How US buyers of critical mineral bypass China's "
                 "export ban\" (2025-07-09) - pattern only",
                 "https://logistics.maritimeprofessional.com/transport-infrastructure/2025/07/09/"
                 "how-us-buyers-of-critical-mineral-bypass-chinas-export-ban")
AFP_2025 = ("AFP (via BSS), \"China to crack down on smuggling of strategic minerals\" "
            "(2025-05-09) - pattern only", "https://www.bssnews.net/international/271320")
GT_GALLIUM = ("Global Times, \"China's Ministry of State Security publicizes gallium smuggling "
              "case\" (2024-11-04) - pattern only",
              "https://globaltimes.cn/page/202411/1322405.shtml")
CSIS_BE = ("rawmaterials.net, \"Gallium and germanium: China publishes export data\" (2024-09) "
           "- pattern only", "https://rawmaterials.net/gallium-and-germanium-china-publishes-export-data-for-august/")

ILLUSTRATIVE = [
    # id, date, mineral, form, hs, qty, unit, declared_as, concealment, origin, exporter,
    # via, destination, consignee, status, confidence, event_country, event_place, source, notes
    ("ILL-0001", "2025-01", "antimony", "metal", "811010", "20", "t", "lead-antimony alloy",
     "false declaration; false origin; transshipment", "CN", "Hengyuan Smelting (fictional)",
     "TH:Laem Chabang", "US", "Gulfline Metals Inc. (fictional)", "alleged",
     "low", "US", "Houston", REUTERS_TH_MX,
     "Composite on the reported Thailand route; ports, parties and quantity invented."),
    ("ILL-0002", "2025-02", "antimony", "oxide", "282580", "40", "t", "",
     "false origin; transshipment", "CN", "Hengyuan Smelting (fictional)",
     "MX:Manzanillo; MX:Monterrey", "US", "Rio Bravo Compounds LLC (fictional)", "reported",
     "low", "", "", REUTERS_TH_MX,
     "Composite on the reported Mexico route; every party and hub assumed."),
    ("ILL-0003", "2025-06", "terbium", "oxide", "284690", "36", "kg", "nickel powder",
     "false declaration; split shipments; express post; transshipment", "CN", "",
     "HK:Hong Kong", "", "", "alleged", "low", "", "", MSS_2025,
     "Built from the MSS typology: twelve express parcels of about 3 kg each."),
    ("ILL-0004", "2025-07", "antimony", "metal", "811010", "8.4", "t", "solder paste",
     "false declaration", "CN", "Lingnan Solder Materials (fictional)",
     "TH:Laem Chabang", "US", "Gulfline Metals Inc. (fictional)", "seized",
     "medium", "CN", "Shenzhen Yantian", MSS_2025,
     "Antimony ingots declared as solder paste, the label reported in July 2025."),
    ("ILL-0005", "2025-08", "dysprosium", "metal", "280530", "120", "kg", "solder paste",
     "false declaration; transshipment", "CN", "Lingnan Solder Materials (fictional)",
     "MY:Port Klang", "KR", "Hanbit Magnetics (fictional)", "investigated", "medium", "MY",
     "Port Klang", MSS_2025, "Second solder-paste shipment of the same fictional exporter."),
    ("ILL-0006", "2025-05", "terbium", "oxide", "284690", "65", "kg", "plastic display figures",
     "hidden in plastic mannequins", "CN", "Pearl Delta Display Co. (fictional)",
     "HK:Hong Kong; NL:Rotterdam", "DE", "Rheinmag Komponenten GmbH (fictional)", "seized",
     "medium", "HK", "Hong Kong", MSS_2025, "Oxide packed inside hollow mannequins."),
    ("ILL-0007", "2025-04", "gallium", "metal", "811292", "14", "kg", "drinking water",
     "hidden in bottled water; express post", "CN", "", "HK:Hong Kong", "US",
     "Bayview Semiconductor Supply (fictional)", "detained", "medium", "HK", "Hong Kong",
     MSS_2025, "Liquid gallium hidden in water bottles."),
    ("ILL-0008", "2024-03", "graphite", "concentrate", "250410", "420", "t", "ceramic raw materials",
     "hidden in bulk cargo; false declaration", "CN", "Northern Carbon Trading (fictional)",
     "VN:Hai Phong", "IN", "Deccan Anode Materials (fictional)", "investigated", "low", "", "",
     AFP_2025, "Flake graphite under a bulk ceramic-material declaration."),
    ("ILL-0009", "2024-11", "antimony", "metal", "811010", "60", "t", "",
     "front company; transshipment; false origin", "CN", "Hengyuan Smelting (fictional)",
     "TH:Laem Chabang", "US", "Gulfline Metals Inc. (fictional)", "charged", "medium", "TH",
     "Laem Chabang", REUTERS_TH_MX,
     "Via the front company Siam Lanna Trading (fictional), re-invoiced as Thai origin."),
    ("ILL-0010", "2025-03", "tungsten", "compound", "284180", "18", "t", "",
     "front company; transshipment", "CN", "Jiangxi Wolfram Resources (fictional)",
     "TH:Bangkok", "JP", "Kansai Hard Metals (fictional)", "alleged", "low", "", "",
     REUTERS_TH_MX, "Ammonium paratungstate via Siam Lanna Trading (fictional)."),
    ("ILL-0011", "2024-09", "gallium", "metal", "811292", "850", "kg", "",
     "front company; transshipment", "CN", "Siam Lanna Trading (fictional)",
     "TH:Laem Chabang; NL:Rotterdam", "DE", "Rheinmag Komponenten GmbH (fictional)", "alleged",
     "low", "", "", CSIS_BE, "The Thai front company as exporter of record."),
    ("ILL-0012", "2025-04", "antimony", "metal", "811010", "22", "t", "zinc ingots",
     "false declaration; transshipment", "CN", "Hengyuan Smelting (fictional)",
     "MX:Manzanillo", "US", "Rio Bravo Compounds LLC (fictional)", "seized", "medium", "MX",
     "Manzanillo", REUTERS_TH_MX, "Antimony ingots under a zinc declaration."),
    ("ILL-0013", "2025-05", "tungsten", "metal", "810194", "9.5", "t", "",
     "transshipment; front company", "CN", "Jiangxi Wolfram Resources (fictional)",
     "MX:Lazaro Cardenas", "US", "Sierra Alta Metales (fictional)", "investigated", "low", "", "",
     REUTERS_TH_MX, "Sintered tungsten bars re-exported by a Mexican front company."),
    ("ILL-0014", "2025-09", "neodymium", "magnet", "850511", "3.2", "t", "motor parts",
     "false declaration; transshipment", "CN", "Ningbo Coastal Magnet Works (fictional)",
     "VN:Hai Phong", "US", "Lakeshore Drive Systems (fictional)", "alleged", "low", "", "",
     AFP_2025, "Magnets shipped to Viet Nam and on to the US."),
    ("ILL-0015", "2024-06", "germanium", "metal", "811292", "1.2", "kg", "lab samples",
     "express post", "CN", "", "", "DE", "Baltic Optics Labs (fictional)", "acquitted", "medium",
     "DE", "Frankfurt airport", CSIS_BE, "Sample quantity; the court found the permit valid."),
    ("ILL-0016", "2024-10", "gallium", "metal", "811292", "350", "g", "",
     "passenger baggage", "CN", "", "", "JP", "", "detained", "high", "CN", "Shanghai Pudong airport",
     GT_GALLIUM, "A few hundred grams in carry-on luggage."),
    ("ILL-0017", "2024-12", "germanium", "oxide", "282560", "2.5", "t", "",
     "transshipment", "CN", "Yunling Germanium (fictional)", "MY:Port Klang; SG:Singapore",
     "IN", "Deccan Anode Materials (fictional)", "dismissed", "medium", "MY", "Port Klang",
     CSIS_BE, "Charges dropped: export licence produced."),
    ("ILL-0018", "2025-02", "antimony", "metal", "811010", "25", "t", "",
     "transshipment", "CN", "", "HK:Hong Kong", "KR", "Hanbit Magnetics (fictional)", "seized",
     "medium", "HK", "Lok Ma Chau", AFP_2025, "Ingots through Hong Kong bound for Busan."),
    ("ILL-0019", "2023-09", "germanium", "metal", "811292", "300", "kg", "",
     "transshipment", "CN", "Yunling Germanium (fictional)", "BE:Antwerp", "US",
     "Bayview Semiconductor Supply (fictional)", "reported", "low", "", "", CSIS_BE,
     "Lawful-looking trade pattern through Belgium, no allegation."),
    ("ILL-0020", "2025-06", "molybdenum", "concentrate", "261390", "150", "t", "iron ore",
     "hidden in bulk cargo; false declaration", "CN", "Northern Carbon Trading (fictional)",
     "KR:Busan", "NL", "Maas Alloy Traders (fictional)", "investigated", "low", "", "", AFP_2025,
     "Bulk carrier: concentrate under an iron-ore declaration."),
    ("ILL-0021", "2025-04", "indium", "metal", "811292", "45", "kg", "tin solder",
     "false declaration", "CN", "Lingnan Solder Materials (fictional)", "TW:Kaohsiung", "JP",
     "Kansai Hard Metals (fictional)", "alleged", "low", "", "", MSS_2025, ""),
    ("ILL-0022", "2025-03", "tellurium", "metal", "280450", "600", "kg", "",
     "front company; transshipment", "CN", "Siam Lanna Trading (fictional)", "TH:Bangkok", "IN",
     "Deccan Anode Materials (fictional)", "alleged", "low", "", "", REUTERS_TH_MX, ""),
    ("ILL-0023", "2024-08", "bismuth", "alloy", "810690", "5", "t", "low-temperature solder paste",
     "false declaration", "CN", "Lingnan Solder Materials (fictional)", "VN:Ho Chi Minh City",
     "US", "Lakeshore Drive Systems (fictional)", "convicted", "high", "CN", "Nanning",
     MSS_2025, "Same label as the Nanning case, fictional route and parties."),
    ("ILL-0024", "2025-05", "rare earths (mixed)", "technology", "", "", "", "",
     "recruiting engineers; insider information", "CN", "", "", "US",
     "Lakeshore Drive Systems (fictional)", "investigated", "low", "", "", MSS_2025,
     "Separation know-how: a non-physical incident."),
    ("ILL-0025", "2023-12", "graphite", "metal", "380110", "75", "t", "carbon electrodes",
     "false declaration", "CN", "Northern Carbon Trading (fictional)", "KR:Incheon", "US",
     "Lakeshore Drive Systems (fictional)", "seized", "medium", "KR", "Incheon", AFP_2025,
     "High-purity synthetic graphite declared as electrodes."),
]


def illustrative():
    out = []
    for (ident, date, mineral, form, hs, qty, unit, declared, concealment, origin, exporter,
         via, dest, consignee, status, confidence, ev_country, ev_place, source, notes) in ILLUSTRATIVE:
        out.append({
            "id": ident, "date": date, "mineral": mineral, "form": form, "hs_code": hs,
            "quantity": qty, "unit": unit, "value": "", "currency": "",
            "declared_as": declared, "concealment": concealment, "origin": origin,
            "exporter": exporter, "via": via, "destination": dest, "consignee": consignee,
            "status": status, "confidence": confidence, "reliability": "F", "credibility": "6",
            "event_country": ev_country, "event_place": ev_place, "authority": "",
            "case_ref": "", "illustrative": "true", "source": source[0],
            "source_url": source[1],
            "notes": ("ILLUSTRATIVE: made-up details on a reported pattern. " + notes).strip(),
        })
    return out


def to_json(row):
    obj = {}
    for key in COLUMNS:
        value = row[key]
        if value == "":
            continue
        if key in ("quantity", "value"):
            number = float(value)
            obj[key] = int(number) if number.is_integer() else number
        elif key == "credibility":
            obj[key] = int(value)
        elif key == "illustrative":
            obj[key] = value == "true"
        elif key == "via":
            obj[key] = [hop.strip() for hop in value.split(";")]
        else:
            obj[key] = value
    return obj


def write(path, rows, with_json):
    with open(path + ".csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if with_json:
        with open(path + ".json", "w", encoding="utf-8") as f:
            json.dump({"incidents": [to_json(r) for r in rows]}, f, ensure_ascii=False, indent=2)
            f.write("\n")


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"
    here = os.path.dirname(os.path.abspath(__file__))
    rows = researched(ref) + real(ref)
    assert all(r["illustrative"] == "false" for r in rows)
    demo = illustrative()
    ids = [r["id"] for r in rows + demo]
    assert len(ids) == len(set(ids)), "duplicate ids"
    write(os.path.join(here, "incidents"), rows, True)
    write(os.path.join(here, "illustrative-demo"), demo, False)
    print(f"incidents: {len(rows)} researched; illustrative-demo: {len(demo)} made up")


if __name__ == "__main__":
    main()
