"""Scripted conversations the benchmarks replay: Kazakh and Russian, a question, the answers to its
questions, "show more", offices for a city or a shared location, a complaint, an operator.

"/…" is a chosen option, "@lat,lon" a shared location, anything else typed text."""

SCRIPTS = [
    ["нужна справка о несудимости", "2", "/more", "где ЦОН в Караганде"],
    ["соттылығы жоқ деген анықтама керек", "3", "/complain", "/complain service"],
    ["как оформить государственное социальное пособие по инвалидности", "1", "/more", "/office", "Павлодар"],
    ["әскери есепке тұру керек", "1", "2", "/office", "Өскемен"],
    ["сколько стоит получить паспорт", "3", "/more", "/lang kk", "Шымкенттегі ХҚО қайда", "/office more"],
    ["где ближайший ЦОН", "@43.2567,76.9286", "/office more", "/complain", "/complain result"],
    ["прописка", "спасибо"],
    ["справка", "1", "/operator", "алло"],
    ["абырвалг", "ккк", "нет", "потерял военный билет", "2"],
]


def conversation(n: int, turns: int, back_from_operator: bool = False) -> list[str]:
    """`turns` messages: scripts one after another from the n-th, a shared location written as its city;
    with `back_from_operator`, "/bot" after a script that asks for an operator (nobody answers in a bench)."""
    said: list[str] = []
    k = n
    while len(said) < turns:
        lines = ["Алматы" if text.startswith("@") else text for text in SCRIPTS[k % len(SCRIPTS)]]
        said += lines + (["/bot"] if back_from_operator and "/operator" in lines else [])
        k += 1
    return said[:turns]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
