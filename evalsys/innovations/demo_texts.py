"""Texts of the demo innovations (used by evalsys/demo/innovations.py); all fictional.

``strength`` is the judges' typical score of an entry in the demo competition; None: not
entered. Indicator rows: (catalogue code or free label, unit, direction, before, after,
before date, after date, source).
"""

from datetime import date

D = date
ANTRI = {
    "ringkasan": "ANTRI-WA memungkinkan pasien Puskesmas Sukamaju mengambil nomor antrean "
                 "lewat WhatsApp sebelum datang. Pasien menerima perkiraan jam dilayani, "
                 "sehingga tidak perlu menunggu berjam-jam di ruang tunggu. Sejak diterapkan, "
                 "rata-rata waktu tunggu turun dari 52 menjadi 18 menit.",
    "latar_belakang": "Setiap pagi lebih dari 150 pasien datang sebelum loket dibuka dan "
                      "menunggu rata-rata 52 menit. Keluhan antrean menjadi pengaduan terbanyak "
                      "pada SKM 2022. Tujuan inovasi adalah memangkas waktu tunggu dan "
                      "kepadatan ruang tunggu tanpa aplikasi baru yang harus diunduh warga.",
    "kebaruan": "Antrean memakai aplikasi percakapan yang sudah dimiliki hampir semua warga, "
                "dengan balasan otomatis dan pengingat 30 menit sebelum giliran. Lansia tanpa "
                "telepon pintar tetap dilayani melalui kader posyandu yang mendaftarkan mereka.",
    "implementasi": "Uji coba Agustus–Desember 2022 di poli umum, diterapkan di semua poli "
                    "sejak Januari 2023 dengan SK Kepala Puskesmas. Petugas pendaftaran dilatih "
                    "dua hari; nomor WhatsApp diumumkan lewat posyandu dan media sosial.",
    "signifikansi": "Waktu tunggu turun 65 %, IKM naik dari 78,4 menjadi 87,9, dan pengaduan "
                    "soal antrean turun dari 41 menjadi 6 per semester.",
    "adaptabilitas": "Puskesmas Wonosari dan Puskesmas Karangasem II telah meniru ANTRI-WA "
                     "pada 2024 dengan biaya di bawah Rp5 juta per puskesmas.",
    "sumber_daya": "Dua petugas pendaftaran, satu nomor WhatsApp Business, laptop yang sudah "
                   "ada, dan anggaran BLUD Rp3,6 juta per tahun untuk pulsa dan pelatihan.",
    "keberlanjutan": "Ditetapkan dalam SK Kepala Puskesmas dan masuk standar pelayanan "
                     "pendaftaran; anggaran dimasukkan ke RBA BLUD setiap tahun.",
}
JEMPOL = {
    "ringkasan": "JEMPOL (Jemput Bola Perekaman KTP-el) mendatangi lansia, penyandang "
                 "disabilitas dan warga terpencil untuk merekam KTP-el di rumah atau balai desa.",
    "latar_belakang": "Pada 2020 masih 4.200 warga wajib KTP-el di wilayah timur belum merekam, "
                      "sebagian besar lansia dan penyandang disabilitas yang sulit ke kantor.",
    "kebaruan": "Jadwal kunjungan disusun bersama desa dari data by name by address, dengan "
                "perangkat perekaman portabel dan pendaftaran lewat perangkat desa.",
    "implementasi": "Tim dua orang berkeliling tiga hari seminggu sejak September 2021; desa "
                    "mengumpulkan warga dan menyiapkan tempat.",
    "signifikansi": "Cakupan perekaman naik dari 93,1 % menjadi 99,2 %; 3.870 warga terlayani.",
    "adaptabilitas": "UPT Adminduk Wilayah Barat mulai menerapkan pola yang sama pada 2024.",
    "sumber_daya": "Satu set alat perekaman portabel, kendaraan dinas, dua operator.",
    "keberlanjutan": "Masuk Renja Disdukcapil dan diatur Peraturan Bupati tentang pelayanan "
                     "adminduk keliling.",
}
SAPA = {
    "ringkasan": "SAPA adalah meja pendampingan satu pintu di Mal Pelayanan Publik: warga "
                 "cukup datang ke satu meja, petugas memeriksa berkas untuk semua izin yang "
                 "dibutuhkan dan mengantar ke loket yang tepat.",
    "latar_belakang": "Pemohon sering bolak-balik antarloket karena berkas tidak lengkap; 38 % "
                      "permohonan ditolak pada pemeriksaan pertama.",
    "kebaruan": "Pemeriksaan kelengkapan lintas instansi di satu meja dengan daftar periksa "
                "bersama dan nomor antrean terusan.",
    "implementasi": "Uji coba Juni 2023, diterapkan Januari 2024 dengan SK Kepala DPMPTSP.",
    "signifikansi": "Penolakan berkas turun dari 38 % menjadi 9 %; waktu di MPP turun dari 95 "
                    "menjadi 40 menit.",
    "adaptabilitas": "Daftar periksa dapat dipakai MPP lain tanpa perubahan sistem.",
    "sumber_daya": "Tiga petugas pendamping dari instansi yang bergantian, satu meja, daftar "
                   "periksa cetak dan daring.",
    "keberlanjutan": "Dijadikan bagian SOP MPP dan perjanjian kerja sama antarinstansi.",
    "inspirasi": "Terinspirasi dari inovasi \"Gerai Pendampingan Terpadu\" Kota Sumberjaya "
                 "(fiktif) yang dipaparkan pada forum replikasi inovasi provinsi 2023.",
    "proses_replikasi": "Kunjungan belajar, penyesuaian daftar periksa untuk 14 jenis izin, "
                        "uji coba enam bulan sebelum penetapan.",
    "faktor_pembeda": "Ditambah layanan pendampingan daring lewat panggilan video bagi pemohon "
                      "dari kecamatan jauh.",
}
SIGAP = {
    "ringkasan": "SIGAP Aduan 2.0 memperbarui layanan pengaduan pasien RSUD: setiap aduan "
                 "dijawab dalam 1×24 jam dan dipantau di dasbor direksi.",
    "deskripsi_awal": "SIGAP Aduan (2019) adalah kanal aduan WhatsApp yang meraih Top 45 KIPP "
                      "2022 (fiktif), tetapi belum terhubung ke SP4N-LAPOR!.",
    "pembaruan": "Integrasi dengan SP4N-LAPOR!, klasifikasi aduan otomatis, dan tenggat "
                 "tindak lanjut per unit.",
    "dampak": "Aduan selesai tepat waktu naik dari 71 % menjadi 94 %; median penyelesaian "
              "turun dari 6 menjadi 2 hari kerja.",
    "adaptabilitas": "RSUD Pratama Karangasem memakai pola yang sama sejak 2025.",
    "penguatan_sumber_daya": "Unit pengaduan kini tiga orang dengan pelatihan layanan prima.",
    "penguatan_keberlanjutan": "Ditetapkan dalam Peraturan Direktur dan indikator kinerja "
                               "utama RSUD.",
}
INNOVATIONS = (
    {"unit": "DINKES-PKM-SUKAMAJU", "name": "ANTRI-WA: Antrean Daring lewat WhatsApp",
     "category": "kesehatan", "group": "umum", "stage": "penerapan",
     "started_on": D(2022, 8, 1), "implemented_on": D(2023, 1, 2),
     "initiator": "dr. Ratna Wulandari", "sections": ANTRI, "strength": 86,
     "indicators": (
         ("waktu_tunggu_menit", None, -1, 52.0, 18.0, D(2022, 12, 31), D(2024, 12, 31),
          "Rekap sistem antrean puskesmas"),
         ("ikm", None, 1, 78.4, 87.9, D(2022, 12, 31), D(2024, 12, 31), "SKM semester"),
         ("Pengaduan tentang antrean per semester", "pengaduan", -1, 41.0, 6.0,
          D(2022, 12, 31), D(2024, 12, 31), "Rekap pengaduan")),
     "evidence": (("sk", "SK Kepala Puskesmas tentang ANTRI-WA",
                   "https://jdih.contoh.go.id/sk/pkm-sukamaju-2023-01"),
                  ("video", "Video profil ANTRI-WA", "https://www.youtube.com/watch?v=antriwa"))},
    {"unit": "DISDUKCAPIL-UPT-TIMUR", "name": "JEMPOL: Jemput Bola Perekaman KTP-el",
     "category": "tata_kelola", "group": "umum", "stage": "penerapan",
     "started_on": D(2021, 3, 1), "implemented_on": D(2021, 9, 1),
     "initiator": "Agus Prasetyo, S.STP., M.AP.", "sections": JEMPOL, "strength": 80,
     "indicators": (("Cakupan perekaman KTP-el", "%", 1, 93.1, 99.2, D(2021, 6, 30),
                     D(2024, 12, 31), "SIAK"),),
     "evidence": (("foto", "Dokumentasi perekaman di Desa Gading",
                   "https://dukcapil.contoh.go.id/galeri/jempol"),)},
    {"unit": "DPMPTSP-MPP", "name": "SAPA: Satu Pintu Pendampingan Perizinan",
     "category": "pertumbuhan_ekonomi", "group": "replikasi", "stage": "penerapan",
     "started_on": D(2023, 6, 5), "implemented_on": D(2024, 1, 8),
     "replicated_from": "Gerai Pendampingan Terpadu, Pemerintah Kota Sumberjaya (fiktif)",
     "sections": SAPA, "strength": 83,
     "indicators": (("Berkas ditolak pada pemeriksaan pertama", "%", -1, 38.0, 9.0,
                     D(2023, 12, 31), D(2025, 6, 30), "Aplikasi antrean MPP"),
                    ("Waktu di MPP", "menit", -1, 95.0, 40.0, D(2023, 12, 31),
                     D(2025, 6, 30), "Survei waktu layanan")),
     "evidence": (("sk", "SK Kepala DPMPTSP tentang SAPA",
                   "https://jdih.contoh.go.id/sk/dpmptsp-2024-02"),)},
    {"unit": "DINKES-RSUD", "name": "SIGAP Aduan 2.0", "category": "kesehatan",
     "group": "khusus", "stage": "penerapan", "started_on": D(2019, 1, 7),
     "implemented_on": D(2019, 4, 1), "prior_top": True,
     "prior_award": "Top 45 KIPP 2022 (fiktif)", "sections": SIGAP, "strength": 84,
     "indicators": (("sla_resolution_pct", None, 1, 71.0, 94.0, D(2022, 12, 31),
                     D(2025, 6, 30), "SP4N-LAPOR! dan rekap RSUD"),
                    ("resolution_wd_median", None, -1, 6.0, 2.0, D(2022, 12, 31),
                     D(2025, 6, 30), "SP4N-LAPOR!")),
     "evidence": (("dokumen", "Peraturan Direktur tentang pengaduan",
                   "https://rsud.contoh.go.id/regulasi/pengaduan"),)},
    {"unit": "KEC-SUKAMAJU-KANTOR", "name": "SURAT KILAT: Surat Keterangan Daring",
     "category": "tata_kelola", "group": "umum", "stage": "uji_coba",
     "started_on": D(2025, 7, 1),
     "sections": {"ringkasan": "Warga mengajukan surat keterangan dari rumah dan menerima "
                               "surat bertanda tangan elektronik."}},
    {"unit": "DISPERTAN-BBI", "name": "Klinik Tanaman Keliling", "category": "ketahanan_pangan",
     "group": "umum", "stage": "penerapan", "started_on": D(2024, 9, 2),
     "implemented_on": D(2025, 2, 3),
     "sections": {"ringkasan": "Petugas klinik tanaman mendatangi kelompok tani setiap pekan "
                               "untuk mendiagnosis hama dan penyakit tanaman di lahan.",
                  "latar_belakang": "Petani harus menempuh 40 km ke balai untuk konsultasi."}},
)
