"""One standard as readable Kazakh text (what `qyzmet kb show ID` prints)."""

from __future__ import annotations

CHANNELS_KK = {"authority": "уәкілетті орган", "hqo": "халыққа қызмет көрсету орталығы (ХҚО)",
               "mobile_hqo": "мобильді ХҚО", "portal": "«электрондық үкімет» порталы (egov.kz)", "any": "барлық арналар"}
UNITS_KK = {"minute": "минут", "hour": "сағат", "working_day": "жұмыс күні", "calendar_day": "күнтізбелік күн",
            "month": "ай"}
KINDS_KK = {"processing": "көрсету мерзімі", "queue_wait": "кезекте күту", "service_time": "қызмет көрсету уақыты"}
FORMS_KK = {"non_automated": "автоматтандырылмаған", "partially_automated": "ішінара автоматтандырылған",
            "fully_automated": "толық автоматтандырылған"}


def _duration(d: dict) -> str:
    value = "сол күні" if d["value"] == 0 else f"{d['value']} {UNITS_KK[d['unit']]}"
    cond = f" ({d['condition']})" if d["condition"] else ""
    return f"{CHANNELS_KK.get(d['channel'], d['channel'])}: {KINDS_KK[d['kind']]} — {value}{cond}"


def render(s: dict) -> str:
    src = s["source"]
    lines = [s["title_kk"], "=" * min(len(s["title_kk"]), 80)]
    repealed = src.get("repealed_by")
    status = (f"КҮШІН ЖОЙҒАН: {repealed['date']} № {repealed['number']} қаулысымен күші жойылды."
              if src["status"] == "repealed" and repealed else src["status"])
    lines += [f"Дереккөз: ҚР Үкіметінің {src['act_date']} № {src['act_number']} қаулысы ({src['file']}, "
              f"{src['lines'][0]}–{src['lines'][1]} жолдар). {status}",
              "Қолданыстағы тәртіпті 1414 немесе egov.kz арқылы нақтылаңыз.", ""]
    lines.append(f"Министрлік: {s['ministry'] or '—'}")
    lines.append(f"Қайда жүгінуге болады: {', '.join(CHANNELS_KK.get(c, c) for c in s['channels'])}")
    lines.append(f"Нысаны: {FORMS_KK.get(s['form'], s['form'])}")
    lines += ["", "Нәтижесі:", f"  {s['result']['raw']}", "", "Мерзімдері:"]
    lines += [f"  • {_duration(d)}" for d in s["durations"]]
    fee = s["fee"]
    lines += ["", "Құны: " + ("тегін" if fee["free"] else "ақылы")]
    lines += [f"  • {a['what']}: АЕК-тің {a['mrp_percent']}%" for a in fee["amounts"]]
    if fee["exemptions"]:
        lines.append(f"  Босатылғандар: {'; '.join(fee['exemptions'])}")
    lines += ["", "Қажетті құжаттар:"]
    for scenario in s["documents"]["scenarios"]:
        if scenario["label"]:
            lines.append(f"  {scenario['label']}:")
        for item in scenario["items"]:
            mark = " (болған жағдайда)" if item["conditional"] and not item["one_of"] else ""
            mark += " (біреуі)" if item["one_of"] else ""
            lines.append(f"    – {item['text']}{mark}")
    lines += ["", "Бас тарту негіздері:"]
    lines += [f"  • {g['text']}" for g in s["refusal_grounds"]] or ["  —"]
    if s["termination_grounds"]:
        lines += ["", "Тоқтату негіздері:"] + [f"  • {g['text']}" for g in s["termination_grounds"]]
    c = s["complaint"]
    lines += ["", "Шағымдану:"]
    lines += [f"  • {r['text']}" for r in c["routes"]]
    if c["court"]:
        lines.append(f"  • {c['court']['text']}")
    if c["phones"]:
        lines.append(f"  Телефондар: {', '.join(c['phones'])}")
    lines.append(f"  1414 call-орталығы: {'аталған' if s['mentions_1414'] else 'аталмаған'}")
    if s.get("quality_flags"):
        lines += ["", "Дереккөздегі ақаулар:"] + [f"  ! {f['message']}" for f in s["quality_flags"]]
    return "\n".join(lines)
