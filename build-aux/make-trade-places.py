#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds data/trade-places.csv: the reporter and partner codes of trade
statistics mapped to the project's countries (data/countries.csv) or to the
statistical areas that are no country.

Input: the project's research notes on trade statistics (not part of the
repository), the folder holding
    comtrade_partner_codes.csv   UN Comtrade partner areas (as shipped with comtradr)
    comtrade_reporter_codes.csv  UN Comtrade reporters (Reporters.json, comtradr's fixtures)
    country_code_crosswalk.csv   ISO3 <-> Comtrade M49 <-> US Census Schedule C <-> Eurostat
e.g.
    build-aux/make-trade-places.py ../shared/reference/trade data/countries.csv \
        > data/trade-places.csv

Rules (docs/trade-statistics.md, "Places"):
  * an M49 code with an ISO alpha-2 in the Comtrade lists is that country;
    the lists read Namibia's alpha-2 "NA" as R's missing value, so a code
    without alpha-2 whose alpha-3 is a country's (NAM) takes that country;
  * 490 "Other Asia, nes" is Taiwan (the crosswalk: Comtrade reports Taiwan
    under it), 412 Kosovo (placeholder _KS) is XK;
  * 0 World is the world total; 899 Areas nes and 839 Special categories
    are where reporters put the partners they keep confidential; 837
    Bunkers, 838 Free zones, the regional "nes" areas, historic areas
    without a code of their own and the reporter groups (EU, ASEAN) are
    "other";
  * US Census Schedule C codes are those of the crosswalk (its Hong Kong
    code is marked unverified there, and here), "-" the total of all
    countries.
"""
import csv
import sys


def read_countries(path):
    alpha3 = {}
    known = set()
    with open(path, newline="", encoding="utf-8") as f:
        rows = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(rows):
            alpha3[row["alpha3"]] = row["alpha2"]
            known.add(row["alpha2"])
    return alpha3, known


SPECIAL = {
    "0": "world",
    "899": "confidential",
    "839": "confidential",
    "837": "other",
    "838": "other",
}
BY_NAME = {
    "490": ("TW", "country_code_crosswalk.csv: Comtrade reports Taiwan as 490 'Other Asia, nes'"),
    "412": ("XK", "comtrade_partner_codes.csv: 412 Kosovo (placeholder _KS)"),
}


def m49_rows(folder, alpha3, known):
    out = {}
    with open(f"{folder}/comtrade_partner_codes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["partnerCode"]] = (row["partnerDesc"].strip(), row["iso_2"].strip(),
                                       row["iso_3"].strip(), row["group"] == "TRUE",
                                       "comtrade_partner_codes.csv")
    with open(f"{folder}/comtrade_reporter_codes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["reporterCode"]
            if code in out:
                continue
            out[code] = (row["reporterDesc"].strip(), row["reporterCodeIsoAlpha2"].strip(),
                         row["reporterCodeIsoAlpha3"].strip(), row["isGroup"] == "True",
                         "comtrade_reporter_codes.csv")
    rows = []
    for code in sorted(out, key=int):
        name, iso2, iso3, group, source = out[code]
        if code in SPECIAL:
            place = SPECIAL[code]
        elif code in BY_NAME:
            place, source = BY_NAME[code]
        elif iso2 not in ("", "NA") and iso2 in known:
            place = iso2
        elif iso2 == "NA" and alpha3.get(iso3):
            place = alpha3[iso3]
            source += f" (alpha-2 read as missing; alpha-3 {iso3})"
        elif group:
            place = "other"
            source += " (a group of countries)"
        else:
            place = "other"
        rows.append(("m49", code, place, name, source))
    return rows


def census_rows(folder, alpha3):
    rows = [("census", "-", "world", "World (total of all countries)",
             "country_code_crosswalk.csv; reference README 1b: CTY_CODE '-' = total for all countries")]
    with open(f"{folder}/country_code_crosswalk.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["us_census_schedule_c"].strip()
            source = "country_code_crosswalk.csv"
            if code.endswith("(unverified)"):
                code = code.split()[0]
                source += " (marked unverified there)"
            if not code.isdigit() or row["iso3"] not in alpha3:
                continue
            rows.append(("census", code, alpha3[row["iso3"]], row["name"], source))
    rows.sort(key=lambda r: r[1])
    return rows


def main():
    folder, countries = sys.argv[1], sys.argv[2]
    alpha3, known = read_countries(countries)
    out = csv.writer(sys.stdout, lineterminator="\n")
    sys.stdout.write(
        "# Reporter and partner codes of trade statistics (issue 18) and the place each is:\n"
        "# an alpha-2 country of countries.csv, or world, confidential, other.\n"
        "# Made by build-aux/make-trade-places.py from the project's research notes; see data/README.md.\n"
        "#   scheme  m49 (UN Comtrade reporter and partner codes) or census (US Census Schedule C)\n")
    out.writerow(["scheme", "code", "place", "name", "source"])
    for row in m49_rows(folder, alpha3, known) + census_rows(folder, alpha3):
        out.writerow(row)


if __name__ == "__main__":
    main()
