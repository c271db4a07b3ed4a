"""What an import accepts besides the codes themselves: date formats and profile spellings."""

import pandas as pd

from models.survey import AGE_BANDS, EDUCATIONS, GENDERS, OCCUPATIONS

# Tried in order; day-first, as Indonesian forms write dates (14/03/2025).
DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y", "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S", "%d-%m-%Y", "%d-%m-%Y %H:%M", "%d.%m.%Y", "%Y/%m/%d",
)


def _aliases(codes, extra: dict[str, str]) -> dict[str, str]:
    table = {code.upper(): code for code in codes}
    table.update(extra)
    return table


# Upper-cased spellings seen on paper forms → stored code.
PROFILE_ALIASES = {
    "gender": _aliases(GENDERS, {"LAKI-LAKI": "L", "LAKI LAKI": "L", "PRIA": "L",
                                 "PEREMPUAN": "P", "WANITA": "P"}),
    "age_band": _aliases(AGE_BANDS, {"20–29": "20-29", "30–39": "30-39", "40–49": "40-49",
                                     "50–59": "50-59", ">=60": "60+", "≥60": "60+",
                                     "< 20": "<20"}),
    "education": _aliases(EDUCATIONS, {
        "SLTP": "SMP", "SLTA": "SMA", "SMK": "SMA", "MA": "SMA", "D1": "D1-D3", "D2": "D1-D3",
        "D3": "D1-D3", "D4": "D4-S1", "S1": "D4-S1", "D4/S1": "D4-S1", "D1–D3": "D1-D3",
        "TIDAK SEKOLAH": "SD"}),
    "occupation": _aliases(OCCUPATIONS, {
        "ASN": "PNS", "PNS/ASN": "PNS", "TNI": "TNI/POLRI", "POLRI": "TNI/POLRI",
        "PEGAWAI SWASTA": "SWASTA", "WIRASWASTA": "WIRAUSAHA", "MAHASISWA": "PELAJAR",
        "PELAJAR/MAHASISWA": "PELAJAR", "LAIN-LAIN": "LAINNYA"}),
}


def parse_dates(raw: pd.Series) -> pd.Series:
    """Parse text dates in any accepted format; unparseable or blank cells give NaT."""
    result = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        todo = result.isna() & (raw != "")
        if not todo.any():
            break
        parsed = pd.to_datetime(raw[todo], format=fmt, errors="coerce")
        result.loc[todo] = parsed.astype("datetime64[ns]")
    return result
