"""Turkish request texts of the demo year: subjects, descriptions and answers per category."""

from __future__ import annotations

# category -> (subjects, descriptions, answers); the n-th subject goes with the n-th
# description. Placeholders: {mahalle}, {sokak}, {no}.
REQUEST_TEXTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Yol ve kaldırım onarımı": (
        ("Kaldırım taşları kırık", "Yolda çukur var", "Kaldırım çökmüş"),
        (
            "{mahalle} Mahallesi {sokak} {no} numara önündeki kaldırım taşları kırılmış, "
            "yaşlılar ve bebek arabaları geçemiyor.",
            "{sokak} üzerinde büyük bir çukur oluştu; araçlar zarar görüyor, acil onarım rica "
            "ediyoruz.",
            "{mahalle} Mahallesinde {sokak} kaldırımı su borusu çalışmasından sonra çökmüş "
            "halde bırakıldı.",
        ),
        (
            "Fen İşleri ekiplerimizce {sokak} üzerindeki kaldırım onarımı tamamlanmıştır.",
            "Bildirdiğiniz çukur ekiplerimiz tarafından yerinde incelenmiş ve sıcak asfaltla "
            "kapatılmıştır.",
        ),
    ),
    "Asfalt ve yama talebi": (
        ("Sokağa asfalt talebi", "Asfalt yama isteği", "Bozuk asfalt"),
        (
            "{mahalle} Mahallesi {sokak} yıllardır asfaltlanmadı, yağmurda çamur oluyor.",
            "{sokak} üzerindeki asfalt kış sonrası tamamen bozuldu, yama yapılmasını istiyoruz.",
            "Kazı çalışması sonrası {sokak} {no} önü yama yapılmadan bırakıldı.",
        ),
        (
            "{sokak} bu yılki asfalt programına alınmış ve yama çalışması tamamlanmıştır.",
            "Talebiniz asfalt sezonu programına eklenmiştir; çalışma {mahalle} Mahallesinde "
            "sırası geldiğinde yapılacaktır.",
        ),
    ),
    "Su arızası": (
        ("Sular akmıyor", "Su borusu patladı", "Şebeke suyunda basınç düşük"),
        (
            "{mahalle} Mahallesi {sokak} civarında sabahtan beri su yok.",
            "{sokak} {no} önünde yer altından su fışkırıyor, yol göle döndü.",
            "Binamızın olduğu {sokak} üzerinde su basıncı çok düşük, üst katlara su çıkmıyor.",
        ),
        (
            "Arıza ekiplerimizce giderilmiş, {mahalle} Mahallesine su verilmiştir.",
            "{sokak} üzerindeki boru arızası onarılmış ve kazı alanı kapatılmıştır.",
            "Hat basıncı ayarlanmış; sorun devam ederse 153'ü arayabilirsiniz.",
        ),
    ),
    "Kanalizasyon tıkanıklığı": (
        ("Kanalizasyon taştı", "Rögar tıkalı", "Kötü koku şikâyeti"),
        (
            "{sokak} {no} önündeki rögar taştı, pis su sokağa akıyor.",
            "{mahalle} Mahallesinde kanalizasyon hattı tıkandı, bodrum katlara su doldu.",
            "{sokak} üzerindeki ızgaralardan yoğun koku geliyor.",
        ),
        (
            "Kanal açma aracımızla hat temizlenmiş, tıkanıklık giderilmiştir.",
            "{sokak} üzerindeki rögar kapağı yenilenmiş ve hat yıkanmıştır.",
        ),
    ),
    "Su faturası itirazı": (
        ("Su faturası yüksek geldi", "Sayaç okuma hatası", "Fatura itirazı"),
        (
            "Bu ayki su faturamız normalin üç katı geldi, sayacın kontrol edilmesini istiyorum.",
            "Sayaç okunmadan tahmini fatura kesilmiş; abone numaram ektedir.",
            "Evde kimse yokken tüketim görünüyor, fatura tutarına itiraz ediyorum.",
        ),
        (
            "Sayacınız yerinde kontrol edilmiş, okuma hatası düzeltilerek fatura yeniden "
            "düzenlenmiştir.",
            "Yapılan incelemede tesisatınızda kaçak tespit edilmiştir; fatura tutarı "
            "doğrudur, tesisatınızı kontrol ettirmeniz önerilir.",
        ),
    ),
    "Çöp toplama": (
        ("Çöpler alınmadı", "Çöp konteyneri talebi", "Konteyner dolu taşıyor"),
        (
            "{mahalle} Mahallesi {sokak} üzerindeki çöpler üç gündür alınmadı.",
            "{sokak} {no} önüne yeni çöp konteyneri konulmasını talep ediyoruz.",
            "{sokak} köşesindeki konteyner sürekli taşıyor, etrafa koku yayılıyor.",
        ),
        (
            "Çöpler toplanmış, {mahalle} Mahallesi toplama programı sıklaştırılmıştır.",
            "{sokak} üzerine ilave konteyner yerleştirilmiştir.",
        ),
    ),
    "Sokak temizliği": (
        ("Sokak süpürülmüyor", "Yaprak ve moloz birikti", "Cadde temizliği"),
        (
            "{sokak} uzun zamandır süpürülmedi, yaprak ve toz birikti.",
            "{mahalle} Mahallesinde inşaat molozları yola dökülmüş.",
            "{sokak} üzerinde pazar sonrası çöpler temizlenmiyor.",
        ),
        (
            "Temizlik ekiplerimiz {sokak} üzerinde süpürme ve yıkama çalışması yapmıştır.",
            "Molozlar kaldırılmış, sorumlu inşaat firmasına uyarı yapılmıştır.",
        ),
    ),
    "Park ve yeşil alan bakımı": (
        ("Oyun grubu kırık", "Çimler biçilmedi", "Park bakımı yapılmıyor"),
        (
            "{mahalle} Mahallesindeki parkta salıncak kırık, çocuklar için tehlikeli.",
            "{sokak} yanındaki yeşil alanda otlar diz boyu oldu.",
            "Parktaki oturma bankları kırılmış, aydınlatma da çalışmıyor.",
        ),
        (
            "Parktaki oyun grubu onarılmış ve bakım programına alınmıştır.",
            "Yeşil alanda biçme ve temizlik çalışması tamamlanmıştır.",
        ),
    ),
    "Ağaç budama ve kesim": (
        ("Ağaç budama talebi", "Devrilme tehlikesi olan ağaç", "Ağaç dalları cama değiyor"),
        (
            "{sokak} {no} önündeki ağacın dalları elektrik tellerine değiyor.",
            "{mahalle} Mahallesinde kurumuş bir ağaç devrilmek üzere.",
            "Ağaç dalları binamızın pencerelerine dayandı, budanmasını istiyoruz.",
        ),
        (
            "Ağaç, Park ve Bahçeler ekiplerimizce budanmıştır.",
            "Kuruyan ağaç kesilerek yerine fidan dikilmiştir.",
        ),
    ),
    "Gürültü ve işgal şikâyeti": (
        ("Gürültü şikâyeti", "Kaldırım işgali", "Gece geç saatte gürültü"),
        (
            "{sokak} üzerindeki işyeri gece yarısına kadar yüksek sesle müzik yapıyor.",
            "{mahalle} Mahallesinde esnaf kaldırımı tamamen işgal etmiş, yayalar yoldan yürüyor.",
            "{sokak} {no} yanında gece inşaat çalışması yapılıyor.",
        ),
        (
            "Zabıta ekiplerimizce yerinde denetim yapılmış, işyeri sahibine tutanak "
            "düzenlenmiştir.",
            "Kaldırım işgali kaldırılmış, tekrarı halinde idari para cezası uygulanacaktır.",
        ),
    ),
    "Seyyar satıcı ve pazar yeri": (
        ("Seyyar satıcı şikâyeti", "Pazar yeri düzeni", "Pazar sonrası temizlik"),
        (
            "{sokak} üzerinde seyyar satıcılar trafiği aksatıyor.",
            "{mahalle} pazarında tezgâhlar yangın yolunu kapatıyor.",
            "Pazar kurulan alanda akşam saatlerinde çöpler bırakılıyor.",
        ),
        (
            "Zabıta ekiplerimizce seyyar satıcılara gerekli uyarı yapılmış ve denetimler "
            "artırılmıştır.",
            "Pazar yeri yerleşim planı yeniden düzenlenmiştir.",
        ),
    ),
    "İmar ve ruhsat bilgisi": (
        ("İmar durumu bilgisi", "Yapı ruhsatı süreci", "İskân belgesi bilgisi"),
        (
            "{mahalle} Mahallesindeki parselimin imar durumunu öğrenmek istiyorum.",
            "Müstakil evime kat ilavesi için ruhsat sürecini öğrenmek istiyorum.",
            "İskân belgesi için hangi evraklar gerekli?",
        ),
        (
            "Parselinizin imar durum belgesi hazırlanmıştır; İmar ve Şehircilik Müdürlüğünden "
            "teslim alabilirsiniz.",
            "Ruhsat için gerekli evrak listesi tarafınıza iletilmiştir.",
        ),
    ),
    "Kaçak yapı ihbarı": (
        ("Kaçak yapı ihbarı", "İzinsiz kat çıkılıyor", "Ruhsatsız inşaat"),
        (
            "{sokak} {no} numaralı binada ruhsatsız kat çıkılıyor.",
            "{mahalle} Mahallesinde hazine arazisine izinsiz yapı yapılıyor.",
            "Komşu bina bahçesine izinsiz eklenti yapıyor.",
        ),
        (
            "Yerinde yapılan incelemede ruhsatsız yapı tespit edilmiş, yapı tatil zaptı "
            "düzenlenmiştir.",
            "İncelemede yapının ruhsatlı olduğu tespit edilmiştir.",
        ),
    ),
    "Sosyal yardım başvurusu": (
        ("Gıda yardımı talebi", "Yakacak yardımı", "Maddi destek talebi"),
        (
            "Eşim çalışamıyor, üç çocuğumuz var; gıda yardımı talep ediyorum.",
            "Kış için yakacak yardımına ihtiyacımız var, {mahalle} Mahallesinde oturuyoruz.",
            "Kira ve faturaları ödeyemiyoruz, destek rica ediyorum.",
        ),
        (
            "Hane ziyareti yapılmış, başvurunuz değerlendirilerek gıda kartı tanımlanmıştır.",
            "Yakacak yardımı listesine alındınız; dağıtım tarihinde telefonla "
            "bilgilendirileceksiniz.",
        ),
    ),
    "Engelli ve yaşlı hizmetleri": (
        ("Evde bakım desteği", "Tekerlekli sandalye talebi", "Yaşlı ziyareti"),
        (
            "Yatağa bağımlı annem için evde bakım desteği istiyorum.",
            "Engelli oğlum için akülü tekerlekli sandalye talep ediyorum.",
            "Yalnız yaşayan yaşlı komşumuz için ziyaret ve temizlik desteği rica ediyoruz.",
        ),
        (
            "Evde bakım ekibimiz ziyaret yapmış, haftalık destek programına alınmıştır.",
            "Tekerlekli sandalye teslim edilmiştir.",
        ),
    ),
    "Toplu taşıma ve durak": (
        ("Otobüs saatleri", "Durak yeri talebi", "Otobüs gelmiyor"),
        (
            "{mahalle} Mahallesinden sabah 7'den önce otobüs seferi yok, ek sefer istiyoruz.",
            "{sokak} üzerine kapalı durak yapılmasını talep ediyoruz.",
            "Akşam son sefer saatinde otobüs gelmedi.",
        ),
        (
            "{mahalle} hattına sabah 06.45 seferi eklenmiştir.",
            "Durak talebiniz ulaşım planına alınmıştır; uygun görülürse yıl içinde yapılacaktır.",
        ),
    ),
    "Trafik işaretleri": (
        ("Hız kesici talebi", "Trafik levhası devrilmiş", "Yaya geçidi boyası"),
        (
            "{sokak} okul önünde araçlar çok hızlı geçiyor, hız kesici istiyoruz.",
            "{sokak} köşesindeki dur levhası devrilmiş.",
            "{mahalle} Mahallesindeki yaya geçidi çizgileri silinmiş.",
        ),
        (
            "Levha yeniden dikilmiş, yaya geçidi boyanmıştır.",
            "Hız kesici talebiniz trafik komisyonunda uygun görülmüş ve uygulanmıştır.",
        ),
    ),
    "Çevre kirliliği": (
        ("Hava kirliliği şikâyeti", "Atık su dökülüyor", "Moloz dökülmüş"),
        (
            "{mahalle} Mahallesinde bir işyeri bacasından yoğun duman çıkıyor.",
            "Dere yatağına atık su bırakıldığını gördük.",
            "{sokak} sonundaki boş araziye moloz dökülüyor.",
        ),
        (
            "Çevre denetim ekibimiz işyerini denetlemiş, idari yaptırım uygulanmıştır.",
            "Alan temizlenmiş ve uyarı levhası konulmuştur.",
        ),
    ),
    "Kültür ve sosyal etkinlik": (
        ("Kurs kaydı", "Salon tahsisi talebi", "Etkinlik bilgisi"),
        (
            "Belediyenin açtığı kurslara kayıt tarihlerini öğrenmek istiyorum.",
            "Mahalle derneğimiz için kültür merkezinde salon talep ediyoruz.",
            "Çocuklar için yaz etkinlikleri hakkında bilgi almak istiyorum.",
        ),
        (
            "Kurs kayıtları Eylül ayında başlayacaktır; takvim tarafınıza iletilmiştir.",
            "Salon talebiniz uygun görülmüş, tarih kesinleşmiştir.",
        ),
    ),
    "Muhtarlık talepleri": (
        ("Mahalle ihtiyaç listesi", "Muhtarlık binası onarımı", "Aydınlatma talebi"),
        (
            "{mahalle} muhtarlığı olarak mahallemizin ihtiyaç listesini iletiyoruz.",
            "Muhtarlık binasının çatısı akıyor, onarım rica ediyoruz.",
            "Mahalle sakinleri adına aydınlatma talebimizi iletiyoruz.",
        ),
        (
            "Talepleriniz ilgili müdürlüklere dağıtılmış ve programa alınmıştır.",
            "Muhtarlık binasının çatı onarımı tamamlanmıştır.",
        ),
    ),
    "Afet ve acil durum hazırlığı": (
        ("Toplanma alanı tabelası", "Afet eğitimi talebi", "Riskli yapı bildirimi"),
        (
            "{mahalle} Mahallesindeki afet toplanma alanı tabelası yok.",
            "Apartmanımız için deprem ve afet eğitimi talep ediyoruz.",
            "{sokak} {no} numaralı metruk bina çökme riski taşıyor.",
        ),
        (
            "Toplanma alanı tabelası yenilenmiştir.",
            "Afet eğitimi için ekibimiz tarafınızla iletişime geçmiş ve eğitim verilmiştir.",
        ),
    ),
    "Yangın güvenliği denetimi": (
        ("Yangın merdiveni kapalı", "İtfaiye denetimi talebi", "Yanıcı madde depolama"),
        (
            "{sokak} üzerindeki iş hanında yangın merdiveni eşyalarla kapatılmış.",
            "Apartmanımızın yangın güvenliği için denetim istiyoruz.",
            "Okul yanındaki depoda yanıcı madde saklandığını düşünüyoruz.",
        ),
        (
            "İtfaiye ekiplerimizce denetim yapılmış, eksiklikler için süre verilmiştir.",
            "Yangın merdiveni boşaltılmış, yönetime uyarı yapılmıştır.",
        ),
    ),
    "Sokak hayvanları": (
        ("Yaralı köpek bildirimi", "Sokak köpekleri saldırgan", "Kedi mahsur kaldı"),
        (
            "{sokak} üzerinde yaralı bir köpek var, yardım edilmesini istiyoruz.",
            "{mahalle} Mahallesinde okul yolunda köpek sürüsü çocukları korkutuyor.",
            "Kedi {no} numaralı binanın çatısında mahsur kaldı.",
        ),
        (
            "Veteriner ekibimiz hayvanı alarak tedavi altına almıştır.",
            "Hayvanlar toplanarak kısırlaştırma ve aşı sonrası rehabilitasyon merkezine "
            "alınmıştır.",
        ),
    ),
    "Emlak ve kira işlemleri": (
        ("Belediye dükkânı kira bilgisi", "Ecrimisil itirazı", "Taşınmaz satışı bilgisi"),
        (
            "Kiraladığım belediye dükkânının kira artışı hakkında bilgi istiyorum.",
            "Tarafıma gönderilen ecrimisil bildirimine itiraz ediyorum.",
            "Belediyeye ait arsaların ihale tarihlerini öğrenmek istiyorum.",
        ),
        (
            "Kira artışı sözleşmenizdeki TÜFE oranına göre hesaplanmıştır.",
            "İtirazınız değerlendirilmiş, ecrimisil tutarı yeniden hesaplanmıştır.",
        ),
    ),
    "Bilgi edinme ve genel talep": (
        ("Bilgi talebi", "Teşekkür", "Genel öneri"),
        (
            "Belediye hizmetleri hakkında bilgi almak istiyorum.",
            "Mahallemizdeki çalışmalar için ekiplere teşekkür ederiz.",
            "{mahalle} Mahallesine semt kütüphanesi açılmasını öneriyoruz.",
        ),
        (
            "İstediğiniz bilgiler tarafınıza yazılı olarak iletilmiştir.",
            "İletiniz ilgili birimlere ulaştırılmıştır; ilginiz için teşekkür ederiz.",
        ),
    ),
}

REJECTION_ANSWERS: tuple[str, ...] = (
    "Bildirilen yer belediyemizin sorumluluk alanında değildir; talebiniz Karayolları 7. "
    "Bölge Müdürlüğüne yönlendirilmelidir.",
    "Aynı konuda daha önce yapılmış başvuru bulunduğundan mükerrer kabul edilmiştir.",
    "Yerinde yapılan incelemede bildirilen sorun tespit edilememiştir.",
    "Talebiniz ilgili mevzuat gereği karşılanamamaktadır; ayrıntılı bilgi için Gönül "
    "Kapısı'na başvurabilirsiniz.",
)

# 153 calls answered on the phone (multi-year load): category -> weight, and per category
# (subject, answer read to the caller) pairs.
QUICK_DEFAULT = "Bilgi edinme ve genel talep"
QUICK_CALL_WEIGHTS: dict[str, float] = {
    "Bilgi edinme ve genel talep": 34,
    "Su faturası itirazı": 18,
    "Su arızası": 14,
    "Toplu taşıma ve durak": 12,
    "Çöp toplama": 6,
    "Sosyal yardım başvurusu": 6,
    "İmar ve ruhsat bilgisi": 4,
    "Emlak ve kira işlemleri": 4,
    "Kültür ve sosyal etkinlik": 2,
}
QUICK_CALL_DESCRIPTION = "153 Çağrı Merkezi'ne telefonla soruldu; bilgi telefonda verildi."
QUICK_CALL_TEXTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Bilgi edinme ve genel talep": (
        ("Çalışma saatleri soruldu", "Belediye hizmet binası hafta içi 08.30-17.30 arası açıktır."),
        ("Nöbetçi eczane soruldu", "Nöbetçi eczane bilgisi verildi."),
        ("Vezne yeri soruldu", "Veznelerin yeri ve çalışma saatleri bildirildi."),
        ("Evrak teslimi soruldu", "Evrakların Gönül Kapısı masasına teslim edileceği bildirildi."),
    ),
    "Su faturası itirazı": (
        (
            "Fatura tutarı soruldu",
            "Abone numarasına göre son fatura tutarı ve son ödeme tarihi bildirildi.",
        ),
        ("Borç sorgulama", "Güncel su borcu bilgisi verildi."),
        (
            "Fatura ödeme yerleri soruldu",
            "Faturanın vezneden, bankadan ve internetten ödenebileceği bildirildi.",
        ),
    ),
    "Su arızası": (
        (
            "Planlı su kesintisi soruldu",
            "Bölgedeki planlı kesinti ve suyun verileceği saat bildirildi.",
        ),
        (
            "Su kesintisi bilgisi",
            "Arıza çalışmasının sürdüğü ve akşam saatlerinde suyun verileceği bildirildi.",
        ),
    ),
    "Toplu taşıma ve durak": (
        ("Otobüs saatleri soruldu", "Hattın sefer saatleri bildirildi."),
        ("Kart dolum noktası soruldu", "En yakın ulaşım kartı dolum noktaları bildirildi."),
        ("Hat güzergâhı soruldu", "Hattın güzergâhı ve durakları bildirildi."),
    ),
    "Çöp toplama": (
        (
            "Çöp toplama saati soruldu",
            "Mahallede çöplerin her gün 20.00'den sonra toplandığı bildirildi.",
        ),
        ("Moloz atma yeri soruldu", "Moloz ve hafriyat için belirlenen döküm alanı bildirildi."),
    ),
    "Sosyal yardım başvurusu": (
        (
            "Yardım başvurusu nasıl yapılır",
            "Başvurunun kimlikle Gönül Kapısı masasından yapılacağı bildirildi.",
        ),
        ("Başvuru sonucu soruldu", "Başvurunun değerlendirme aşamasında olduğu bildirildi."),
    ),
    "İmar ve ruhsat bilgisi": (
        ("İmar durumu belgesi soruldu", "İmar durumu belgesi için gereken evraklar bildirildi."),
        (
            "Ruhsat başvurusu soruldu",
            "Yapı ruhsatı başvurusunun e-Belediye'den yapılabileceği bildirildi.",
        ),
    ),
    "Emlak ve kira işlemleri": (
        ("Emlak vergisi soruldu", "Emlak vergisi taksit tarihleri ve tutarı bildirildi."),
        ("Kira ödemesi soruldu", "Kira ödemesinin vezneden yapılabileceği bildirildi."),
    ),
    "Kültür ve sosyal etkinlik": (
        ("Etkinlik takvimi soruldu", "Bu haftaki kültür etkinlikleri ve yerleri bildirildi."),
        ("Kurs kaydı soruldu", "Kurs kayıt tarihleri ve başvuru yeri bildirildi."),
    ),
}
