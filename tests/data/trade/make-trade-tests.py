#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the trade-statistics test files of tests/test-trade-load.c: the
same flows in the shapes each publisher gives (reference README §1).  The
numbers are made up for the tests; the shapes (columns, codes) are the
documented ones.

  comtrade-api.csv       UN Comtrade API CSV, the 47 fields
  comtrade-bulk.txt      a Comtrade bulk "final" file: tab-separated, no ISO or description columns
  comtrade-legacy.csv    the pre-2023 Comtrade CSV, numeric flows
  census-imports.json    US Census imports/hs, JSON array of arrays
  census-exports.json    US Census exports/hs
  comext-v2.dat          Eurostat Comext bulk file, current format
  comext-sdmx.csv        SDMX-CSV of DS-045409, one row per indicator

Flows (kg): the United States imports antimony oxides (HS 282580) from
Thailand, Mexico and China (zero) and the world, December 2024 and
January 2025, and exports them to Canada (domestic and re-exports);
Belgium imports germanium oxides (282560) from China in January 2025
and over 2024, and exports them to the United States.
"""
import csv
import json
import sys

US, BE = ("US", "USA", 842), ("BE", "BEL", 56)
PLACES = {"TH": ("THA", 764, "5490"), "MX": ("MEX", 484, "2010"), "CN": ("CHN", 156, "5700"),
          "CA": ("CAN", 124, "1220"), "US": ("USA", 842, None), "BE": ("BEL", 56, None),
          "W": ("W00", 0, "-")}
# reporter, partner, flow, hs6, year, month (52 = year), kg, US$
FLOWS = [
    ("US", "TH", "M", "282580", 2024, 12, 400000, 4400000),
    ("US", "MX", "M", "282580", 2024, 12, 350000, 3900000),
    ("US", "CN", "M", "282580", 2024, 12, 0, 0),
    ("US", "W", "M", "282580", 2024, 12, 900000, 9800000),
    ("US", "TH", "M", "282580", 2025, 1, 520000, 5900000),
    ("US", "MX", "M", "282580", 2025, 1, 410000, 4700000),
    ("US", "CN", "M", "282580", 2025, 1, 0, 0),
    ("US", "W", "M", "282580", 2025, 1, 1050000, 11900000),
    ("US", "CA", "X", "282580", 2025, 1, 21000, 260000),
    ("US", "CA", "RX", "282580", 2025, 1, 3000, 40000),
    ("BE", "CN", "M", "282560", 2025, 1, 12000, 1500000),
    ("BE", "US", "X", "282560", 2025, 1, 3400, 470000),
    ("BE", "CN", "M", "282560", 2024, 52, 150000, 17000000),
]
EUR_PER_USD = 0.92

API = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
       "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
       "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,"
       "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,"
       "isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,"
       "isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
       "legacyEstimationFlag,isReported,isAggregate").split(",")
BULK = ("datasetCode,typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,flowCode,"
        "partnerCode,partner2Code,classificationSearchCode,classificationCode,isOriginalClassification,"
        "cmdCode,customsCode,mosCode,motCode,qtyUnitCode,qty,isQtyEstimated,altQtyUnitCode,altQty,"
        "isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifValue,fobValue,"
        "primaryValue,legacyEstimationFlag,isReported,isAggregate").split(",")
LEGACY = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,"
          "Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,"
          "2nd Partner Code,2nd Partner,2nd Partner ISO,Customs Proc. Code,Customs,"
          "Mode of Transport Code,Mode of Transport,Commodity Code,Commodity,Qty Unit Code,Qty Unit,"
          "Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweight (kg),Gross weight (kg),"
          "Trade Value (US$),CIF Trade Value (US$),FOB Trade Value (US$),Flag").split(",")
FLOW_DESC = {"M": "Import", "X": "Export", "RX": "Re-export", "RM": "Re-import"}
LEGACY_FLOW = {"M": 1, "X": 2, "RX": 3, "RM": 4}
NAMES = {"US": "USA", "TH": "Thailand", "MX": "Mexico", "CN": "China", "CA": "Canada",
         "BE": "Belgium", "W": "World"}
DESC = {"282580": "Antimony oxides", "282560": "Germanium oxides and zirconium dioxide"}


def comtrade_record(flow, extra=None):
    rep, par, fl, hs, year, month, kg, usd = flow
    annual = month == 52
    r = {
        "typeCode": "C", "freqCode": "A" if annual else "M",
        "refPeriodId": f"{year}0101" if annual else f"{year}{month:02d}01",
        "refYear": year, "refMonth": month, "period": f"{year}" if annual else f"{year}{month:02d}",
        "reporterCode": PLACES[rep][1], "reporterISO": PLACES[rep][0], "reporterDesc": NAMES[rep],
        "flowCode": fl, "flowDesc": FLOW_DESC[fl],
        "partnerCode": PLACES[par][1], "partnerISO": PLACES[par][0], "partnerDesc": NAMES[par],
        "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": "World",
        "classificationCode": "H6", "classificationSearchCode": "HS", "isOriginalClassification": "true",
        "cmdCode": hs, "cmdDesc": DESC[hs], "aggrLevel": 6, "isLeaf": "true",
        "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": 0,
        "motDesc": "TOTAL MOT", "qtyUnitCode": 8, "qtyUnitAbbr": "kg", "qty": kg,
        "isQtyEstimated": "false", "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": "",
        "isAltQtyEstimated": "false", "netWgt": kg, "isNetWgtEstimated": "false", "grossWgt": "",
        "isGrossWgtEstimated": "false",
        "cifvalue": usd if fl in ("M", "RM") else "", "fobvalue": usd if fl in ("X", "RX") else "",
        "primaryValue": usd, "legacyEstimationFlag": 0, "isReported": "true", "isAggregate": "false",
        "datasetCode": 2024000000 + PLACES[rep][1],
    }
    r["cifValue"], r["fobValue"] = r["cifvalue"], r["fobvalue"]
    r.update(extra or {})
    return r


# Rows the readers skip (not products of the controlled minerals, other
# flows, breakdowns): each file holds some.
SKIPPED_COMTRADE = [
    ({"cmdCode": "2601", "cmdDesc": "Iron ores and concentrates"}, FLOWS[0]),
    ({"cmdCode": "TOTAL", "cmdDesc": "All Commodities", "aggrLevel": 0}, FLOWS[0]),
    ({"flowCode": "DX", "flowDesc": "Domestic Export"}, FLOWS[8]),
    ({"motCode": 2100, "motDesc": "Sea"}, FLOWS[4]),
]


def write_api(path):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, API, extrasaction="ignore", lineterminator="\r\n")
        w.writeheader()
        for flow in FLOWS:
            w.writerow(comtrade_record(flow))
        for extra, flow in SKIPPED_COMTRADE:
            w.writerow(comtrade_record(flow, extra))


def write_bulk(path):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, BULK, extrasaction="ignore", delimiter="\t", lineterminator="\n")
        w.writeheader()
        for flow in FLOWS:
            w.writerow(comtrade_record(flow))
        for extra, flow in SKIPPED_COMTRADE:
            w.writerow(comtrade_record(flow, extra))


def write_legacy(path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LEGACY)
        for rep, par, fl, hs, year, month, kg, usd in FLOWS:
            annual = month == 52
            period = f"{year}" if annual else f"{year}{month:02d}"
            w.writerow(["H6", year, period, period, 6, 1, LEGACY_FLOW[fl], FLOW_DESC[fl],
                        PLACES[rep][1], NAMES[rep], PLACES[rep][0], PLACES[par][1], NAMES[par],
                        PLACES[par][0], "", "", "", "", "", "", "", hs, DESC[hs], 8, "kg", kg, "",
                        "", "", kg, "", usd, usd if fl == "M" else "", usd if fl != "M" else "", 0])


def write_census(path, exports):
    if exports:
        head = ["CTY_CODE", "CTY_NAME", "E_COMMODITY", "E_COMMODITY_SDESC", "ALL_VAL_MO", "QTY_1_MO",
                "UNIT_QY1", "DF", "time"]
    else:
        head = ["CTY_CODE", "CTY_NAME", "I_COMMODITY", "I_COMMODITY_SDESC", "GEN_VAL_MO", "GEN_QY1_MO",
                "UNIT_QY1", "AIR_WGT_MO", "VES_WGT_MO", "AIR_VAL_MO", "VES_VAL_MO", "time", "COMM_LVL"]
    rows = [head]
    for rep, par, fl, hs, year, month, kg, usd in FLOWS:
        if rep != "US" or (fl == "M") == exports:
            continue
        code, name = PLACES[par][2], "TOTAL FOR ALL COUNTRIES" if par == "W" else NAMES[par].upper()
        if exports:
            rows.append([code, name, hs + "0000", DESC[hs].upper(), str(usd), str(kg), "KG",
                         "2" if fl == "RX" else "1", f"{year}-{month:02d}"])
        else:
            rows.append([code, name, hs + "0000", DESC[hs].upper(), str(usd), str(kg), "KG",
                         "0", str(kg), "0", str(usd), f"{year}-{month:02d}", "HS10"])
    if not exports:
        # Iron ore (not read), and a country not in data/trade-places.csv.
        rows.append(["5700", "CHINA", "2601110030", "IRON ORE", "1200", "100000", "KG", "0", "100000",
                     "0", "1200", "2025-01", "HS10"])
        rows.append(["3010", "COLOMBIA", "2825800000", "ANTIMONY OXIDES", "1000", "100", "KG", "0",
                     "100", "0", "1000", "2025-01", "HS10"])
    with open(path, "w") as f:
        f.write("[" + ",\n".join(json.dumps(r) for r in rows) + "]")


V2 = ("REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA21,PRODUCT_CPA22,PRODUCT_BEC,"
      "PRODUCT_BEC5,PRODUCT_SECTION,FLOW,STAT_PROCEDURE,SUPPL_UNIT,PERIOD,VALUE_EUR,VALUE_NAC,"
      "QUANTITY_KG,QUANTITY_SUPPL_UNIT").split(",")


def write_comext(path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(V2)
        for rep, par, fl, hs, year, month, kg, usd in FLOWS:
            if rep != "BE":
                continue
            eur = round(usd * EUR_PER_USD)
            w.writerow([rep, par, "E", hs + "00", "", "", "", "", "", "", 1 if fl == "M" else 2, 1,
                        "NO_SU", f"{year}{month:02d}", eur, eur, kg, 0])
        # A confidential product code, and another product.
        w.writerow(["BE", "CN", "E", "99RRR100", "", "", "", "", "", "", 1, 1, "NO_SU", "202501", 900,
                    900, 10, 0])
        w.writerow(["BE", "CN", "E", "26011100", "", "", "", "", "", "", 1, 1, "NO_SU", "202501", 900,
                    900, 10000, 0])


def write_sdmx(path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["DATAFLOW", "LAST UPDATE", "freq", "reporter", "partner", "product", "flow",
                    "indicators", "TIME_PERIOD", "OBS_VALUE"])
        rows = []
        for rep, par, fl, hs, year, month, kg, usd in FLOWS:
            if rep != "BE":
                continue
            freq, period = ("A", f"{year}") if month == 52 else ("M", f"{year}-{month:02d}")
            key = ["ESTAT:DS-045409(1.0)", "15/02/25 23:00:00", freq, rep, par, hs + "00",
                   1 if fl == "M" else 2]
            rows.append(key + ["VALUE_IN_EUROS", period, round(usd * EUR_PER_USD)])
            rows.append(key + ["SUPPLEMENTARY_QUANTITY", period, 0])
            rows.append(key + ["QUANTITY_IN_100KG", period, kg / 100])
        # Indicators in no particular order: the quantities first.
        rows.sort(key=lambda r: r[7] != "QUANTITY_IN_100KG")
        for r in rows:
            w.writerow(r)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    write_api(f"{folder}/comtrade-api.csv")
    write_bulk(f"{folder}/comtrade-bulk.txt")
    write_legacy(f"{folder}/comtrade-legacy.csv")
    write_census(f"{folder}/census-imports.json", False)
    write_census(f"{folder}/census-exports.json", True)
    write_comext(f"{folder}/comext-v2.dat")
    write_sdmx(f"{folder}/comext-sdmx.csv")


if __name__ == "__main__":
    main()
