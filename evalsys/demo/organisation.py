"""The fictional Kabupaten Contoh: its OPDs, service units and their services."""

KECAMATAN = {
    "Sukamaju": [("kelurahan", "Sukamaju"), ("desa", "Mekarjaya"), ("desa", "Cikaret")],
    "Sumberejo": [("kelurahan", "Sumberejo"), ("desa", "Ngadirejo"), ("desa", "Wates")],
    "Mekarsari": [("kelurahan", "Mekarsari"), ("desa", "Sindanglaya"), ("desa", "Lebakwangi")],
    "Karangasem": [("kelurahan", "Karangasem"), ("desa", "Tegalrejo"), ("desa", "Kedungwuni")],
    "Tanjungsari": [("kelurahan", "Tanjungsari"), ("desa", "Pasirmukti"), ("desa", "Gunungsari")],
    "Wonosari": [("kelurahan", "Wonosari"), ("desa", "Gading"), ("desa", "Kepek")],
    "Cibeureum": [("kelurahan", "Cibeureum"), ("desa", "Sukaresmi"), ("desa", "Cimahpar")],
    "Pasirjaya": [("kelurahan", "Pasirjaya"), ("desa", "Cipanas"), ("desa", "Sirnagalih")],
}

# OPD code, name, type, [(unit code suffix, unit name, unit type)]
OPDS = (
    ("SETDA", "Sekretariat Daerah", "sekretariat",
     [("ORG", "Bagian Organisasi", "upt")]),
    ("DINKES", "Dinas Kesehatan", "dinas",
     [(f"PKM-{k.upper()}", f"Puskesmas {k}", "puskesmas") for k in KECAMATAN]
     + [("PKM-SUKAMAJU2", "Puskesmas Sukamaju II", "puskesmas"),
        ("PKM-WONOSARI2", "Puskesmas Wonosari II", "puskesmas"),
        ("PKM-KARANGASEM2", "Puskesmas Karangasem II", "puskesmas"),
        ("PKM-TANJUNGSARI2", "Puskesmas Tanjungsari II", "puskesmas"),
        ("RSUD", "RSUD Kabupaten Contoh", "rsud"),
        ("RSUD-PRATAMA", "RSUD Pratama Karangasem", "rsud")]),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "disdukcapil",
     [("LAYANAN", "Layanan Adminduk Kantor Dinas", "disdukcapil"),
      ("UPT-TIMUR", "UPT Adminduk Wilayah Timur", "disdukcapil"),
      ("UPT-BARAT", "UPT Adminduk Wilayah Barat", "disdukcapil")]),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dpmptsp",
     [("PERIZINAN", "Layanan Perizinan Terpadu", "dpmptsp"),
      ("MPP", "Mal Pelayanan Publik Kabupaten Contoh", "mpp")]),
    ("DINSOS", "Dinas Sosial", "dinas",
     [("LAYANAN", "Layanan Rehabilitasi dan Jaminan Sosial", "upt"),
      ("DTKS", "Layanan Data Terpadu Kesejahteraan Sosial", "upt")]),
    ("DISHUB", "Dinas Perhubungan", "dinas", [("PKB", "UPT Pengujian Kendaraan Bermotor",
                                               "upt")]),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", [("LAB", "UPT Laboratorium Lingkungan", "upt")]),
    ("DISDIK", "Dinas Pendidikan", "dinas", [("LAYANAN", "Layanan Mutasi dan Legalisir",
                                              "upt")]),
    ("DISNAKER", "Dinas Tenaga Kerja", "dinas", [("AK1", "Layanan Kartu Pencari Kerja (AK/1)",
                                                  "upt")]),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan", [("PBB", "UPT Layanan PBB-P2 dan BPHTB",
                                                      "upt")]),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas",
     [("PBG", "Layanan Persetujuan Bangunan Gedung", "upt")]),
    ("DISPERTAN", "Dinas Pertanian dan Pangan", "dinas",
     [("BBI", "UPT Balai Benih dan Klinik Tanaman", "upt")]),
)

SERVICES = {
    "kecamatan": ["Rekomendasi PBG", "Legalisasi dokumen", "Surat keterangan ahli waris"],
    "kelurahan": ["Surat keterangan domisili", "Pengantar KTP-el dan KK",
                  "Surat keterangan tidak mampu"],
    "desa": ["Surat keterangan domisili", "Pengantar KTP-el dan KK", "Surat keterangan usaha"],
    "puskesmas": ["Rawat jalan umum", "Kesehatan ibu dan anak", "Imunisasi", "Laboratorium"],
    "rsud": ["Rawat jalan", "Instalasi gawat darurat", "Rawat inap", "Farmasi"],
    "disdukcapil": ["KTP-el", "Kartu Keluarga", "Akta kelahiran", "Kartu Identitas Anak"],
    "dpmptsp": ["Perizinan berusaha berbasis risiko", "Persetujuan bangunan gedung",
                "Izin praktik tenaga kesehatan"],
    "mpp": ["Layanan adminduk", "Layanan perizinan", "Layanan perpajakan daerah"],
    "upt": ["Layanan utama", "Informasi dan konsultasi"],
}
