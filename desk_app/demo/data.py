"""Static Turkish material for the demo year: names, streets, request texts, set contents.

Only data lives here (no randomness, no database); ``demo_*`` modules draw from it.
"""

from __future__ import annotations

FEMALE_NAMES: tuple[str, ...] = (
    "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Merve", "Büşra", "Esra", "Kübra",
    "Şeyma", "Özlem", "Gülşen", "Sevgi", "Songül", "Yasemin", "Derya", "Tuğba", "Hacer",
    "Şükran", "Nurcan", "İlknur", "Gökçe", "Çiğdem", "Ebru", "Dilek", "Sibel", "Ümmühan", "Gül",
    "Meryem", "Rabia", "Sümeyye", "Aslı", "Ece", "Işıl", "İrem", "Özge", "Nazlı", "Canan",
    "Hülya", "Nilüfer", "Şerife", "Güler", "Döndü", "Hanife", "Saadet", "Müzeyyen", "Feride",
    "Zehra", "Betül", "Nur", "Seda", "Gizem", "Tülay", "Şule", "Ülkü", "Gülcan", "İpek", "Ayşegül",
    "Fadime", "Nazife", "Cansu", "Damla", "Hilal",
)  # fmt: skip

MALE_NAMES: tuple[str, ...] = (
    "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",
    "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Recep",
    "Salih", "Kemal", "Şükrü", "Kadir", "Erkan", "Emre", "Burak", "Oğuz", "Gökhan", "Çağlar",
    "Uğur", "Tuncay", "Ercan", "Serkan", "Ümit", "Yasin", "Furkan", "Enes", "İlker", "Özkan",
    "Şahin", "Doğan", "Cengiz", "Orhan", "Fikret", "Nihat", "Bülent", "Tarık", "Eray", "Berk",
    "Onur", "Cihan", "Selçuk", "İlhan", "Ertuğrul", "Sinan", "Volkan", "Gürkan", "Hakan", "Çetin",
    "Necati", "Şenol", "Tuğrul", "Ayhan",
)  # fmt: skip

# (last name, weight): the common ones come up more often.
LAST_NAMES: tuple[tuple[str, int], ...] = (
    ("Yılmaz", 9), ("Kaya", 7), ("Demir", 7), ("Şahin", 6), ("Çelik", 6), ("Yıldız", 5),
    ("Yıldırım", 5), ("Öztürk", 5), ("Aydın", 5), ("Özdemir", 5), ("Arslan", 4), ("Doğan", 4),
    ("Kılıç", 4), ("Aslan", 3), ("Çetin", 3), ("Kara", 3), ("Koç", 3), ("Kurt", 3), ("Özkan", 3),
    ("Şimşek", 3), ("Polat", 3), ("Özcan", 2), ("Korkmaz", 2), ("Çakır", 2), ("Erdoğan", 2),
    ("Yavuz", 2), ("Can", 2), ("Acar", 2), ("Şen", 2), ("Aktaş", 2), ("Güler", 2), ("Yalçın", 2),
    ("Güneş", 2), ("Bozkurt", 2), ("Bulut", 2), ("Keskin", 2), ("Ünal", 2), ("Turan", 2),
    ("Gül", 2), ("Özer", 2), ("Işık", 2), ("İnce", 2), ("Kaplan", 2), ("Avcı", 2), ("Sarı", 2),
    ("Tekin", 1), ("Taş", 1), ("Köse", 1), ("Yüksel", 1), ("Ateş", 1), ("Aksoy", 1), ("Uçar", 1),
    ("Çiftçi", 1), ("Karaca", 1), ("Çınar", 1), ("Akgül", 1), ("Erdem", 1), ("Başaran", 1),
    ("Sönmez", 1), ("Tunç", 1), ("Ekinci", 1), ("Uysal", 1), ("Gündüz", 1), ("Altıntaş", 1),
    ("Durmaz", 1), ("Bayram", 1), ("Kocabaş", 1), ("Karakaya", 1), ("Öz", 1), ("Ergün", 1),
    ("Ilgaz", 1), ("Sezer", 1), ("Türkmen", 1), ("Akbaş", 1), ("Üstün", 1), ("Göçer", 1),
    ("Eğilmez", 1), ("Ağca", 1), ("Işıkgöz", 1), ("İlhan", 1), ("Çağlayan", 1), ("Ölmez", 1),
)  # fmt: skip

BABY_GIRL_NAMES: tuple[str, ...] = (
    "Zeynep", "Asel", "Defne", "Elif", "Azra", "Eylül", "Hiranur", "Ecrin", "Zümra", "Lina",
    "Öykü", "Ela", "Nehir", "Duru", "Meryem", "Asya", "Ayşe", "Alya", "Mira", "İkra", "Ebrar",
    "Gökçe", "Işıl", "Çağla", "Ümran", "Şevval",
)  # fmt: skip
BABY_BOY_NAMES: tuple[str, ...] = (
    "Alparslan", "Göktuğ", "Yusuf", "Miraç", "Ömer Asaf", "Aslan", "Eymen", "Mustafa", "Hamza",
    "Ali Asaf", "Poyraz", "Kerem", "Çınar", "Ömer", "Emir", "Yiğit", "Mert", "Atlas", "İbrahim",
    "Doruk", "Aras", "Ege", "Kağan", "Şahin",
)  # fmt: skip

STREETS: tuple[str, ...] = (
    "Gazi Cad.", "İnönü Cad.", "Bahabey Cad.", "Mimar Sinan Cad.", "Osmancık Cad.",
    "Samsun Cad.", "Ankara Cad.", "Çöplü Sok.", "Buhara Bulvarı", "Cengiz Topel Cad.",
    "Azap Sok.", "Kadıoğlu Sok.", "Ilıca Sok.", "Güneş Sok.", "Menekşe Sok.", "Lale Sok.",
    "Ihlamur Sok.", "Çınar Sok.", "Kızılırmak Sok.", "Hıdırlık Sok.", "Tekke Sok.",
    "Yavuz Selim Sok.", "Fatih Sok.", "Şehit Ahmet Çelik Sok.", "Dr. Sadık Ahmet Cad.",
    "Atatürk Bulvarı", "Karakeçili Cad.", "Üçtutlar Cad.", "Ulukavak Cad.", "Hamamönü Sok.",
    "Kunduzhan Cad.", "Ak Kent 1. Cad.", "Gülabibey Cad.", "Sanayi Cad.", "Yeni Hayat Cad.",
    "Bilim Sok.", "Kardelen Sok.", "Papatya Sok.", "Sümbül Sok.", "Başak Sok.", "Gelincik Sok.",
    "Özgürlük Sok.", "İstiklal Cad.", "Şişhane Sok.", "Ömerbey Sok.", "Çağlayan Sok.",
)  # fmt: skip

# Addresses outside the served area (villages and other districts of Çorum).
OUT_OF_AREA: tuple[str, ...] = (
    "Elvançelebi Köyü", "Kınık Köyü", "Sungurlu - Cumhuriyet Mah.", "Alaca - Yeni Mah.",
    "Osmancık - Koyunbaba Mah.", "İskilip - Hacıilyas Mah.", "Mecitözü - Merkez Mah.",
    "Sarıkaya Köyü", "Eskiekin Köyü", "Laçin - Cumhuriyet Mah.",
)  # fmt: skip

RELATIONS: tuple[tuple[str, int], ...] = (
    ("Anne", 70), ("Baba", 18), ("Babaanne", 5), ("Anneanne", 4), ("Abla", 2), ("Komşu", 1),
)  # fmt: skip

TEAMS: tuple[tuple[str, str, int], ...] = (
    ("Ekip 1 – Kuzey", "Hakan Yurt (şoför), Sibel Koç", 10),
    ("Ekip 2 – Güney", "Ercan Tunç (şoför), Gülcan Ekinci", 8),
    ("Ekip 3 – Merkez", "Volkan Şen (şoför), Şule Ağca, Tuğrul Işık", 12),
)

DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("masa1", "Elif Karaca", "desk"),
    ("masa2", "Murat Şenol", "desk"),
    ("supervizor", "Sevgi Öztürk", "supervisor"),
)

SET_CONTENTS = "\n".join(
    (
        "Bebek battaniyesi",
        "Zıbın seti (3 adet)",
        "Body (5 adet)",
        "Tulum (2 adet)",
        "Bebek şapkası ve eldiveni",
        "Bebek havlusu",
        "Biberon ve emzik",
        "Islak mendil (2 paket)",
        "Bebek şampuanı ve pişik kremi",
        "Çorum Belediyesi tebrik kartı",
    )
)

# Monthly multipliers (January..December) for seasonal categories.
SEASONS: dict[str, tuple[float, ...]] = {
    "flat": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "summer": (0.7, 0.7, 0.85, 1, 1.15, 1.3, 1.35, 1.3, 1.1, 0.95, 0.8, 0.7),
    "winter": (1.35, 1.3, 1.1, 0.95, 0.85, 0.75, 0.7, 0.7, 0.85, 1, 1.15, 1.3),
    "asphalt": (0.5, 0.5, 0.8, 1.1, 1.3, 1.3, 1.3, 1.3, 1.2, 1, 0.7, 0.5),
    "rain": (1, 1, 1.2, 1.3, 1.2, 0.9, 0.7, 0.7, 0.9, 1.2, 1.2, 1.1),
    "both": (1.2, 1.1, 0.9, 0.8, 0.9, 1.1, 1.3, 1.3, 1, 0.8, 0.9, 1.1),
    "spring": (0.7, 0.8, 1.1, 1.3, 1.4, 1.2, 1, 0.9, 0.9, 1, 0.9, 0.8),
}

# Channel columns of CATEGORY_WEIGHTS; ACIK_KAPI uses the DESK column.
WEIGHT_CHANNELS = ("DESK", "WEB", "CIMER", "WHATSAPP", "CALL_153", "FIELD")

# category -> (season, weights per WEIGHT_CHANNELS)
CATEGORY_WEIGHTS: dict[str, tuple[str, tuple[float, ...]]] = {
    "Yol ve kaldırım onarımı": ("winter", (4, 8, 10, 10, 6, 20)),
    "Asfalt ve yama talebi": ("asphalt", (3, 7, 8, 7, 4, 14)),
    "Su arızası": ("both", (2, 4, 2, 8, 22, 4)),
    "Kanalizasyon tıkanıklığı": ("rain", (2, 3, 2, 6, 10, 5)),
    "Su faturası itirazı": ("flat", (6, 5, 3, 2, 12, 0)),
    "Çöp toplama": ("summer", (2, 6, 4, 16, 9, 10)),
    "Sokak temizliği": ("summer", (1, 5, 3, 9, 4, 10)),
    "Park ve yeşil alan bakımı": ("summer", (2, 5, 3, 6, 2, 6)),
    "Ağaç budama ve kesim": ("spring", (2, 4, 3, 4, 2, 4)),
    "Gürültü ve işgal şikâyeti": ("summer", (2, 5, 8, 6, 4, 3)),
    "Seyyar satıcı ve pazar yeri": ("summer", (1, 2, 3, 3, 1, 5)),
    "İmar ve ruhsat bilgisi": ("flat", (12, 5, 8, 0.5, 5, 0)),
    "Kaçak yapı ihbarı": ("summer", (2, 3, 9, 3, 1, 6)),
    "Sosyal yardım başvurusu": ("winter", (20, 6, 8, 2, 6, 0)),
    "Engelli ve yaşlı hizmetleri": ("flat", (8, 3, 4, 1, 3, 0)),
    "Toplu taşıma ve durak": ("winter", (2, 6, 6, 4, 8, 1)),
    "Trafik işaretleri": ("flat", (1, 3, 3, 3, 2, 5)),
    "Çevre kirliliği": ("summer", (1, 3, 4, 3, 2, 4)),
    "Kültür ve sosyal etkinlik": ("flat", (3, 4, 1, 1, 3, 0)),
    "Muhtarlık talepleri": ("flat", (4, 1, 1, 0.5, 1, 1)),
    "Afet ve acil durum hazırlığı": ("winter", (1, 1, 1, 1, 2, 1)),
    "Yangın güvenliği denetimi": ("flat", (1, 1, 1, 0.3, 1, 1)),
    "Sokak hayvanları": ("spring", (2, 5, 5, 8, 6, 3)),
    "Emlak ve kira işlemleri": ("flat", (7, 2, 2, 0.2, 3, 0)),
    "Bilgi edinme ve genel talep": ("flat", (14, 8, 12, 2, 20, 0)),
}

FAILURE_NOTES: dict[str, tuple[str, ...]] = {
    "NOT_HOME": (
        "Adreste kimse yoktu, telefon açılmadı.",
        "Kapı açılmadı; komşulara bilgi bırakıldı.",
        "Aile şehir dışındaymış, telefonla görüşüldü.",
    ),
    "WRONG_ADDRESS": (
        "Bina numarası yanlış; adres doğrulanmalı.",
        "Adreste başka bir aile oturuyor.",
    ),
    "REFUSED": ("Aile seti teslim almak istemedi.",),
    "OTHER": ("Araç arızası nedeniyle teslimat yapılamadı.", "Yol çalışması; adrese ulaşılamadı."),
}

CANCEL_REASONS: tuple[str, ...] = (
    "Aile Çorum dışına taşındı.",
    "Başvuru sahibi seti istemediğini bildirdi.",
    "Başvuru sahibinin isteğiyle iptal edildi.",
    "Başvuru yanlış bilgiyle yapılmış; aile yeniden başvuracak.",
)

TWIN_DECISIONS: tuple[str, ...] = (
    "İkiz kardeşler; ayrı bebekler olduğu nüfus kaydından doğrulandı.",
    "Aynı gün doğan ikiz bebek; ikinci set için başvuru uygun.",
)
MERGE_DECISIONS: tuple[str, ...] = (
    "Aynı bebek için web sitesinden ve masadan iki başvuru yapılmış; ilk başvuru geçerli.",
    "Aynı bebek için iki kez başvuru yapılmış; önceki başvuru ile birleştirildi.",
)
