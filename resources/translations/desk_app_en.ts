<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="tr_TR">
    <context>
        <name>desk_app</name>
        <message>
            <source>Gönül Kapısı Ön Masa</source>
            <translation>Gönül Kapısı Front Desk</translation>
        </message>
        <message>
            <source>Örnek veri</source>
            <translation>Sample data</translation>
        </message>
        <message>
            <source>Örnek veri yüklenemedi; boş veritabanıyla devam ediliyor.

{0}</source>
            <translation>Could not load the sample data; continuing with an empty database.

{0}</translation>
        </message>
        <message>
            <source>Örnek veri yüklemesi iptal edildi.</source>
            <translation>Loading the sample data was cancelled.</translation>
        </message>
        <message>
            <source>Veritabanı kullanılamıyor</source>
            <translation>Database unavailable</translation>
        </message>
        <message>
            <source>Veritabanına bağlanılamadı</source>
            <translation>Could not connect to the database</translation>
        </message>
        <message>
            <source>Veritabanına bağlanılamadı ({0}, ayarın kaynağı: {1}). Adresi ve ağ bağlantısını kontrol edin; sorun sürerse bilgi işleme haber verin.</source>
            <translation>Could not connect to the database ({0}, setting taken from: {1}). Check the address and the network connection; if the problem persists, contact IT.</translation>
        </message>
        <message>
            <source>Birleştir</source>
            <translation>Merge</translation>
        </message>
        <message>
            <source>Bu başvuru işaretlendiği başvuruyla aynı: birleştirilir (bu kayıt iptal edilir, diğeri kalır). Gerekçeyi yazın:</source>
            <translation>This application is the same as the one it was flagged against: it will be merged (this record is cancelled, the other one stays). Enter the reason:</translation>
        </message>
        <message>
            <source>Ayrı başvuru</source>
            <translation>Separate application</translation>
        </message>
        <message>
            <source>Bu başvuru başka bir bebek için: uygunluk mükerrer kontrolü olmadan yeniden değerlendirilir. Gerekçeyi yazın:</source>
            <translation>This application is for a different baby: eligibility is re-assessed without the duplicate check. Enter the reason:</translation>
        </message>
        <message>
            <source>Ayrı başvuru olarak kaydet</source>
            <translation>Save as a separate application</translation>
        </message>
        <message>
            <source>Uygunluk kararını geçersiz kıl</source>
            <translation>Override eligibility decision</translation>
        </message>
        <message>
            <source>Uygun değil kararı geçersiz kılınır ve başvuru onaylanır. Gerekçeyi yazın:</source>
            <translation>The "not eligible" decision is overridden and the application is approved. Enter the reason:</translation>
        </message>
        <message>
            <source>Geçersiz kıl ve onayla</source>
            <translation>Override and approve</translation>
        </message>
        <message>
            <source>İptal et</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Başvuru iptal edilir (teslimattan önce). İptal nedenini yazın:</source>
            <translation>The application is cancelled (before delivery). Enter the reason for cancelling:</translation>
        </message>
        <message>
            <source>Başvuruyu iptal et</source>
            <translation>Cancel application</translation>
        </message>
        <message>
            <source>Uygunluk henüz değerlendirilmedi.</source>
            <translation>Eligibility has not been assessed yet.</translation>
        </message>
        <message>
            <source>Uygun: bütün koşullar sağlandı.</source>
            <translation>Eligible: all conditions are met.</translation>
        </message>
        <message>
            <source>Uygun değil.</source>
            <translation>Not eligible.</translation>
        </message>
        <message>
            <source>Olası mükerrer: bir süpervizör karar verecek.</source>
            <translation>Possible duplicate: a supervisor will decide.</translation>
        </message>
        <message>
            <source>Neden:</source>
            <translation>Reason:</translation>
        </message>
        <message>
            <source>Mükerrer şüphesi:</source>
            <translation>Suspected duplicate:</translation>
        </message>
        <message>
            <source>Uygulanan kurallar:</source>
            <translation>Rules applied:</translation>
        </message>
        <message>
            <source>Bebek başvuru tarihinden önce doğmuş olmalı</source>
            <translation>The baby must be born before the application date</translation>
        </message>
        <message>
            <source>Bebek başvuru tarihinde en fazla {0} aylık</source>
            <translation>The baby is at most {0} months old on the application date</translation>
        </message>
        <message>
            <source>Adres belediyenin hizmet verdiği bir mahallede olmalı</source>
            <translation>The address must be in a neighbourhood the municipality serves</translation>
        </message>
        <message>
            <source>Mahalle şartı aranmıyor</source>
            <translation>No neighbourhood requirement</translation>
        </message>
        <message>
            <source>Her bebeğe bir set</source>
            <translation>One set per baby</translation>
        </message>
        <message>
            <source>Dayanılan bilgiler:</source>
            <translation>Facts used:</translation>
        </message>
        <message>
            <source>: bebek {0} aylık</source>
            <translation>: baby {0} months old</translation>
        </message>
        <message>
            <source> ({0} günlük)</source>
            <translation> ({0} days old)</translation>
        </message>
        <message>
            <source>Başvuru {0}, doğum {1}</source>
            <translation>Application {0}, birth {1}</translation>
        </message>
        <message>
            <source>Yaş sınırına göre son başvuru günü: {0}</source>
            <translation>Last application day by the age limit: {0}</translation>
        </message>
        <message>
            <source>(mahalle yok)</source>
            <translation>(no neighbourhood)</translation>
        </message>
        <message>
            <source>hizmet verilen mahalle</source>
            <translation>served neighbourhood</translation>
        </message>
        <message>
            <source>hizmet verilmeyen mahalle</source>
            <translation>unserved neighbourhood</translation>
        </message>
        <message>
            <source>Mahalle: {0} ({1})</source>
            <translation>Neighbourhood: {0} ({1})</translation>
        </message>
        <message>
            <source>verildi</source>
            <translation>given</translation>
        </message>
        <message>
            <source>verilmedi</source>
            <translation>not given</translation>
        </message>
        <message>
            <source>Bebek T.C. Kimlik No {0}</source>
            <translation>Baby T.C. ID No. {0}</translation>
        </message>
        <message>
            <source>Değerlendirme: {0}</source>
            <translation>Assessment: {0}</translation>
        </message>
        <message>
            <source> · kurallar {0} tarihli ayarlara göre</source>
            <translation> · rules as set on {0}</translation>
        </message>
        <message>
            <source> · varsayılan kurallara göre</source>
            <translation> · default rules</translation>
        </message>
        <message>
            <source>Yükleniyor…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Başvuru açılamadı</source>
            <translation>Could not open the application</translation>
        </message>
        <message>
            <source>Başvuru</source>
            <translation>Application</translation>
        </message>
        <message>
            <source>Kanal</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Veli</source>
            <translation>Parent</translation>
        </message>
        <message>
            <source>Telefon</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Başvurudaki adres</source>
            <translation>Address on the application</translation>
        </message>
        <message>
            <source>Bebek</source>
            <translation>Baby</translation>
        </message>
        <message>
            <source>Doğum tarihi</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Bebek T.C.</source>
            <translation>Baby T.C. ID</translation>
        </message>
        <message>
            <source>Aydınlatma</source>
            <translation>Privacy notice</translation>
        </message>
        <message>
            <source>Kaydeden</source>
            <translation>Registered by</translation>
        </message>
        <message>
            <source>Karar</source>
            <translation>Decision</translation>
        </message>
        <message>
            <source>Bekleme</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>Uygunluk değerlendirmesi</source>
            <translation>Eligibility assessment</translation>
        </message>
        <message>
            <source>Aynı bebek için olabilecek başvurular:</source>
            <translation>Possible applications for the same baby:</translation>
        </message>
        <message>
            <source>Zaman çizelgesi</source>
            <translation>Timeline</translation>
        </message>
        <message>
            <source>Kapat</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Vazgeç</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Gerekçe işlem kayıtlarında saklanır.</source>
            <translation>The reason is kept in the audit log.</translation>
        </message>
        <message>
            <source>Başvuru {0}</source>
            <translation>Application {0}</translation>
        </message>
        <message>
            <source>  (web: {0})</source>
            <translation>  (web: {0})</translation>
        </message>
        <message>
            <source> (hizmet verilmeyen mahalle)</source>
            <translation> (unserved neighbourhood)</translation>
        </message>
        <message>
            <source>Sürüm {0} · {1} · {2} ({3})</source>
            <translation>Version {0} · {1} · {2} ({3})</translation>
        </message>
        <message>
            <source>web</source>
            <translation>web</translation>
        </message>
        <message>
            <source>masada</source>
            <translation>at the desk</translation>
        </message>
        <message>
            <source>web sitesinde</source>
            <translation>on the website</translation>
        </message>
        <message>
            <source>Kayıt yok</source>
            <translation>No records</translation>
        </message>
        <message>
            <source>{0} ({1}, {2})</source>
            <translation>{0} ({1}, {2})</translation>
        </message>
        <message>
            <source>İptal nedeni: {0}</source>
            <translation>Reason for cancelling: {0}</translation>
        </message>
        <message>
            <source>{0} gün</source>
            <translation>{0} days</translation>
        </message>
        <message>
            <source>Mükerreri olduğu başvuru: {0} — aç</source>
            <translation>Duplicate of application: {0} — open</translation>
        </message>
        <message>
            <source>Gerekçe boş; kararın gerekçesini yazın.</source>
            <translation>The reason is empty; enter the reason for the decision.</translation>
        </message>
        <message>
            <source>{0} Güncel hâli yüklendi; kararı yeniden değerlendirin.</source>
            <translation>{0} The current version has been loaded; review the decision again.</translation>
        </message>
        <message>
            <source>Kayıt sürüyor; şimdi kapatırsanız kaydedilip kaydedilmediğini bu formda göremezsiniz. Form yine de kapatılsın mı?</source>
            <translation>Saving is in progress; if you close now, this form cannot show whether it was saved. Close the form anyway?</translation>
        </message>
        <message>
            <source>Forma dön</source>
            <translation>Back to the form</translation>
        </message>
        <message>
            <source>{0} · {1} · {2} (veli {3}) · doğum {4} — neden: {5}</source>
            <translation>{0} · {1} · {2} (parent {3}) · born {4} — reason: {5}</translation>
        </message>
        <message>
            <source>Aç: {0}</source>
            <translation>Open: {0}</translation>
        </message>
        <message>
            <source>Yeni Hoş Geldin Bebek başvurusu</source>
            <translation>New Welcome Baby application</translation>
        </message>
        <message>
            <source>KVKK aydınlatma metni (sürüm {0})</source>
            <translation>KVKK privacy notice (version {0})</translation>
        </message>
        <message>
            <source>Yeni veli (kayıtlı değil): bilgilerini gir</source>
            <translation>New parent (not registered): enter their details</translation>
        </message>
        <message>
            <source>Yazın veya listeden seçin</source>
            <translation>Type or pick from the list</translation>
        </message>
        <message>
            <source>Aydınlatma metni veliye okundu / verildi</source>
            <translation>Privacy notice read / given to the parent</translation>
        </message>
        <message>
            <source>11 hane (isteğe bağlı)</source>
            <translation>11 digits (optional)</translation>
        </message>
        <message>
            <source>0532 123 45 67</source>
            <translation>0532 123 45 67</translation>
        </message>
        <message>
            <source>Web sitesindeki Başvuru No</source>
            <translation>Application No. on the website</translation>
        </message>
        <message>
            <source>&amp;Veliyi ara (T.C. Kimlik No, telefon veya ad soyad)</source>
            <translation>&amp;Find the parent (T.C. ID No., phone or full name)</translation>
        </message>
        <message>
            <source>Ad</source>
            <translation>First name</translation>
        </message>
        <message>
            <source>Soyad</source>
            <translation>Last name</translation>
        </message>
        <message>
            <source>T.C. Kimlik No</source>
            <translation>T.C. ID No.</translation>
        </message>
        <message>
            <source>Cep telefonu</source>
            <translation>Mobile phone</translation>
        </message>
        <message>
            <source>Mahalle</source>
            <translation>Neighbourhood</translation>
        </message>
        <message>
            <source>Cadde/Sokak</source>
            <translation>Street</translation>
        </message>
        <message>
            <source>Bina No</source>
            <translation>Building No.</translation>
        </message>
        <message>
            <source>Daire No</source>
            <translation>Flat No.</translation>
        </message>
        <message>
            <source>Bebeğin adı</source>
            <translation>Baby's first name</translation>
        </message>
        <message>
            <source>Bebeğin soyadı</source>
            <translation>Baby's last name</translation>
        </message>
        <message>
            <source>Doğum tarihi (gg.aa.yyyy)</source>
            <translation>Date of birth (dd.mm.yyyy)</translation>
        </message>
        <message>
            <source>Bebek T.C. Kimlik No</source>
            <translation>Baby T.C. ID No.</translation>
        </message>
        <message>
            <source>Web Başvuru No (web kanalında)</source>
            <translation>Web application No. (web channel)</translation>
        </message>
        <message>
            <source>Yalnız bilgilendirme yapıldığı kaydedilir; başka bir onay istenmez.</source>
            <translation>Only the fact that the notice was given is recorded; no other consent is asked.</translation>
        </message>
        <message>
            <source>Olası mükerrer başvuru: aynı bebek için kayıt olabilir. Kontrol edin; kaydederseniz başvuru süpervizör kararına düşer.</source>
            <translation>Possible duplicate application: there may be a record for the same baby. Check it; if you save, the application goes to a supervisor for a decision.</translation>
        </message>
        <message>
            <source>Başvuruyu aç</source>
            <translation>Open application</translation>
        </message>
        <message>
            <source>Bebek doğum tarihi ({0}) bugünden sonra olamaz; kimlikten kontrol edin.</source>
            <translation>The baby's date of birth ({0}) cannot be in the future; check the ID card.</translation>
        </message>
        <message>
            <source>Kaydetmek için: </source>
            <translation>To save: </translation>
        </message>
        <message>
            <source>Başvuru kaydedilemedi</source>
            <translation>Could not save the application</translation>
        </message>
        <message>
            <source>Başvuru kaydedilemedi; yazdıklarınız formda duruyor. Yeniden deneyin.</source>
            <translation>Could not save the application; what you entered is still in the form. Try again.</translation>
        </message>
        <message>
            <source>{0} kaydedildi — durum: {1}</source>
            <translation>{0} saved — status: {1}</translation>
        </message>
        <message>
            <source>Uygun değil, çünkü:</source>
            <translation>Not eligible, because:</translation>
        </message>
        <message>
            <source>Olası mükerrer ({0}); bir süpervizör karar verecek.</source>
            <translation>Possible duplicate ({0}); a supervisor will decide.</translation>
        </message>
        <message>
            <source>Uygunluk koşulları sağlandı; teslimat planlanabilir.</source>
            <translation>Eligibility conditions are met; the delivery can be planned.</translation>
        </message>
        <message>
            <source>Web dışa aktarımı (*.csv *.xlsx);;CSV (*.csv);;Excel (*.xlsx)</source>
            <translation>Web export (*.csv *.xlsx);;CSV (*.csv);;Excel (*.xlsx)</translation>
        </message>
        <message>
            <source>CSV (*.csv);;Excel (*.xlsx)</source>
            <translation>CSV (*.csv);;Excel (*.xlsx)</translation>
        </message>
        <message>
            <source>Satır</source>
            <translation>Row</translation>
        </message>
        <message>
            <source>dosya</source>
            <translation>file</translation>
        </message>
        <message>
            <source>Sütun</source>
            <translation>Column</translation>
        </message>
        <message>
            <source>Hata</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>Web dışa aktarımını içe al</source>
            <translation>Import web export</translation>
        </message>
        <message>
            <source>CSV veya XLSX dosyası seçin</source>
            <translation>Choose a CSV or XLSX file</translation>
        </message>
        <message>
            <source>Dosya seç…</source>
            <translation>Choose file…</translation>
        </message>
        <message>
            <source>Deneme (yazmadan)</source>
            <translation>Trial run (no writing)</translation>
        </message>
        <message>
            <source>Dosya kontrol edilir, sonuç gösterilir; veritabanına hiçbir şey yazılmaz.</source>
            <translation>The file is checked and the result shown; nothing is written to the database.</translation>
        </message>
        <message>
            <source>İçe al</source>
            <translation>Import</translation>
        </message>
        <message>
            <source>Dosya:</source>
            <translation>File:</translation>
        </message>
        <message>
            <source>Sonuç</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Eklenen</source>
            <translation>Added</translation>
        </message>
        <message>
            <source>Mükerrer şüphesi</source>
            <translation>Suspected duplicates</translation>
        </message>
        <message>
            <source>Reddedilen</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>Zaten kayıtlı (atlandı)</source>
            <translation>Already registered (skipped)</translation>
        </message>
        <message>
            <source>Hata raporunu kaydet…</source>
            <translation>Save error report…</translation>
        </message>
        <message>
            <source>Reddedilen satırlar</source>
            <translation>Rejected rows</translation>
        </message>
        <message>
            <source>Aynı Başvuru No ikinci kez eklenmez; dosyayı yeniden içe almak güvenlidir.</source>
            <translation>The same Application No. is never added twice; importing a file again is safe.</translation>
        </message>
        <message>
            <source>Web dışa aktarım dosyası</source>
            <translation>Web export file</translation>
        </message>
        <message>
            <source>Deneme içe aktarımı</source>
            <translation>Trial import</translation>
        </message>
        <message>
            <source>İçe aktarılıyor</source>
            <translation>Importing</translation>
        </message>
        <message>
            <source>Dosya içe alınamadı: {0}</source>
            <translation>Could not import the file: {0}</translation>
        </message>
        <message>
            <source>İçe aktarım iptal edildi; iptale kadar işlenen satırlar kaydedilmiş olabilir.</source>
            <translation>The import was cancelled; rows processed before cancelling may have been saved.</translation>
        </message>
        <message>
            <source>İptal edildi: {0} satırdan {1} tanesi işlendi.</source>
            <translation>Cancelled: {1} of {0} rows were processed.</translation>
        </message>
        <message>
            <source>Deneme: hiçbir şey yazılmadı. Gerçek içe aktarımda sonuç şöyle olur:</source>
            <translation>Trial run: nothing was written. A real import would give:</translation>
        </message>
        <message>
            <source>İçe aktarım tamamlandı.</source>
            <translation>Import complete.</translation>
        </message>
        <message>
            <source>Hata raporunu kaydet</source>
            <translation>Save error report</translation>
        </message>
        <message>
            <source>Rapor kaydedilemedi</source>
            <translation>Could not save the report</translation>
        </message>
        <message>
            <source>Hata raporu</source>
            <translation>Error report</translation>
        </message>
        <message>
            <source>Hata raporu kaydedildi: {0}</source>
            <translation>Error report saved: {0}</translation>
        </message>
        <message>
            <source>Başvurular</source>
            <translation>Applications</translation>
        </message>
        <message>
            <source>{0} başvuru</source>
            <translation>{0} applications</translation>
        </message>
        <message>
            <source>Başvuru listesi yüklenemedi: {0}</source>
            <translation>Could not load the application list: {0}</translation>
        </message>
        <message>
            <source>Tümü</source>
            <translation>All</translation>
        </message>
        <message>
            <source>Karar bekleyen</source>
            <translation>Awaiting decision</translation>
        </message>
        <message>
            <source>Tüm mahalleler</source>
            <translation>All neighbourhoods</translation>
        </message>
        <message>
            <source>Tüm kanallar</source>
            <translation>All channels</translation>
        </message>
        <message>
            <source>Referans, T.C. Kimlik No veya ad</source>
            <translation>Reference, T.C. ID No. or name</translation>
        </message>
        <message>
            <source>Başvuru tarihi:</source>
            <translation>Application date:</translation>
        </message>
        <message>
            <source>—</source>
            <translation>—</translation>
        </message>
        <message>
            <source> gün</source>
            <translation> days</translation>
        </message>
        <message>
            <source>0: süre filtresi yok</source>
            <translation>0: no waiting filter</translation>
        </message>
        <message>
            <source>Filtreleri temizle</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>&amp;Durum</source>
            <translation>&amp;Status</translation>
        </message>
        <message>
            <source>&amp;Mahalle</source>
            <translation>&amp;Neighbourhood</translation>
        </message>
        <message>
            <source>&amp;Kanal</source>
            <translation>&amp;Channel</translation>
        </message>
        <message>
            <source>&amp;Ara</source>
            <translation>&amp;Search</translation>
        </message>
        <message>
            <source>&amp;Bekleme süresi şundan uzun:</source>
            <translation>&amp;Waiting longer than:</translation>
        </message>
        <message>
            <source>Yeni başvuru (Ctrl+N)</source>
            <translation>New application (Ctrl+N)</translation>
        </message>
        <message>
            <source>Yeni başvuru</source>
            <translation>New application</translation>
        </message>
        <message>
            <source>Web dışa aktarımını içe al…</source>
            <translation>Import web export…</translation>
        </message>
        <message>
            <source>{0} günden uzun bekleyen</source>
            <translation>Waiting longer than {0} days</translation>
        </message>
        <message>
            <source>Renk:</source>
            <translation>Colour:</translation>
        </message>
        <message>
            <source>Referans</source>
            <translation>Reference</translation>
        </message>
        <message>
            <source>Başvuru tarihi</source>
            <translation>Application date</translation>
        </message>
        <message>
            <source>Durum</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Bekleme (gün)</source>
            <translation>Waiting (days)</translation>
        </message>
        <message>
            <source>{0} gündür bekliyor (sınır {1} gün).</source>
            <translation>Waiting for {0} days (limit {1} days).</translation>
        </message>
        <message>
            <source>Web Başvuru No: {0}</source>
            <translation>Web application No.: {0}</translation>
        </message>
        <message>
            <source>Zaman</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>İşlem</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Kullanıcı</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Ayrıntı</source>
            <translation>Details</translation>
        </message>
        <message>
            <source>İletişim</source>
            <translation>Contact</translation>
        </message>
        <message>
            <source>T.C. Kimlik No:</source>
            <translation>T.C. ID No.:</translation>
        </message>
        <message>
            <source>Telefon:</source>
            <translation>Phone:</translation>
        </message>
        <message>
            <source>E-posta:</source>
            <translation>E-mail:</translation>
        </message>
        <message>
            <source>Notlar:</source>
            <translation>Notes:</translation>
        </message>
        <message>
            <source>Adres</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>İncelendi olarak işaretle</source>
            <translation>Mark as reviewed</translation>
        </message>
        <message>
            <source>Farklılıkları gördüğünüzü kaydeder; gerekiyorsa kaydı Düzenle ile düzeltin.</source>
            <translation>Records that you have seen the differences; correct the record with Edit if needed.</translation>
        </message>
        <message>
            <source>Web başvurusunda bu kişi için masadaki kayıttan farklı bilgi geldi. Kayıt değiştirilmedi; doğru olanı vatandaşa sorup gerekirse Düzenle ile güncelleyin.</source>
            <translation>The web application brought details for this person that differ from the desk's record. The record was not changed; ask the citizen which is right and update it with Edit if needed.</translation>
        </message>
        <message>
            <source>SMS ({0})</source>
            <translation>SMS ({0})</translation>
        </message>
        <message>
            <source>SMS</source>
            <translation>SMS</translation>
        </message>
        <message>
            <source>Düzenle</source>
            <translation>Edit</translation>
        </message>
        <message>
            <source>Kaydı düzenle (Ctrl+E)</source>
            <translation>Edit the record (Ctrl+E)</translation>
        </message>
        <message>
            <source>Yeni talep</source>
            <translation>New request</translation>
        </message>
        <message>
            <source>Bu kişi için yeni talep (Ctrl+N)</source>
            <translation>New request for this person (Ctrl+N)</translation>
        </message>
        <message>
            <source>Vatandaş kartı — {0}</source>
            <translation>Citizen card — {0}</translation>
        </message>
        <message>
            <source>Kayıtlı adres yok.</source>
            <translation>No address on record.</translation>
        </message>
        <message>
            <source> (hizmet verilen mahalleler dışında)</source>
            <translation> (outside the served neighbourhoods)</translation>
        </message>
        <message>
            <source>Talepler ({0})</source>
            <translation>Requests ({0})</translation>
        </message>
        <message>
            <source>Bebek seti başvuruları ({0})</source>
            <translation>Baby-set applications ({0})</translation>
        </message>
        <message>
            <source>Talebin ayrıntısı için satıra çift tıklayın.</source>
            <translation>Double-click a row for the request's details.</translation>
        </message>
        <message>
            <source>Web'den gelen farklılıklar ({0})</source>
            <translation>Differences from the web ({0})</translation>
        </message>
        <message>
            <source>Vatandaş kartı</source>
            <translation>Citizen card</translation>
        </message>
        <message>
            <source>Talep açılamadı</source>
            <translation>Could not open the request</translation>
        </message>
        <message>
            <source>Vatandaş kartı açılamadı</source>
            <translation>Could not open the citizen card</translation>
        </message>
        <message>
            <source>Vatandaş kaydını düzenle — {0}</source>
            <translation>Edit citizen record — {0}</translation>
        </message>
        <message>
            <source>Yeni vatandaş</source>
            <translation>New citizen</translation>
        </message>
        <message>
            <source>Vatandaş kaydedilemedi</source>
            <translation>Could not save the citizen</translation>
        </message>
        <message>
            <source>Kayıt kaydedilemedi; yazdıklarınız formda duruyor. Yeniden deneyin.</source>
            <translation>Could not save the record; what you entered is still in the form. Try again.</translation>
        </message>
        <message>
            <source>11 hane</source>
            <translation>11 digits</translation>
        </message>
        <message>
            <source>Değiştir</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>ad@alanadi.com (isteğe bağlı)</source>
            <translation>name@domain.com (optional)</translation>
        </message>
        <message>
            <source>E-posta</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>T.C. Kimlik No veya telefondan en az biri gerekli.</source>
            <translation>At least one of T.C. ID No. or phone is required.</translation>
        </message>
        <message>
            <source>Adres (isteğe bağlı)</source>
            <translation>Address (optional)</translation>
        </message>
        <message>
            <source>Notlar</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Kayıtlı T.C. Kimlik No gizli; değiştirmek için ‘Değiştir’.</source>
            <translation>The registered T.C. ID No. is hidden; click ‘Change’ to change it.</translation>
        </message>
        <message>
            <source>Bu T.C. Kimlik No ile kayıtlı bir vatandaş var. Yeni kayıt açmak yerine mevcut kaydı açın.</source>
            <translation>A citizen with this T.C. ID No. is already registered. Open the existing record instead of creating a new one.</translation>
        </message>
        <message>
            <source>Bu telefon başka bir vatandaşın kaydında var. Aynı aileden değilse numarayı vatandaşa yeniden sorun; doğruysa kaydedebilirsiniz.</source>
            <translation>This phone is on another citizen's record. If they are not family, ask the citizen for the number again; if it is right, you can save.</translation>
        </message>
        <message>
            <source>Aynı telefonla benzer adlı bir kayıt var; aynı kişi olabilir. Önce mevcut kaydı kontrol edin.</source>
            <translation>A record with a similar name has the same phone; it may be the same person. Check the existing record first.</translation>
        </message>
        <message>
            <source>Bu kaydı aç</source>
            <translation>Open this record</translation>
        </message>
        <message>
            <source>{0}, {1} No: {2}</source>
            <translation>{0}, {1} No. {2}</translation>
        </message>
        <message>
            <source> D: {0}</source>
            <translation> Flat: {0}</translation>
        </message>
        <message>
            <source>Ad Soyad</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Bu kayıt siz düzenlerken başka bir masada değiştirildi; değişiklikleriniz kaydedilmedi. Yazdıklarınız formda duruyor; diğer masanın kaydettiği güncel hâli aşağıda.</source>
            <translation>This record was changed at another desk while you were editing it; your changes were not saved. What you entered is still in the form; the version the other desk saved is shown below.</translation>
        </message>
        <message>
            <source>Güncel hâli forma yükle</source>
            <translation>Load the current version into the form</translation>
        </message>
        <message>
            <source>Yazdıklarımla üzerine kaydet</source>
            <translation>Overwrite with my changes</translation>
        </message>
        <message>
            <source>Sizin yazdığınız</source>
            <translation>What you entered</translation>
        </message>
        <message>
            <source>Diğer masadaki güncel hâli</source>
            <translation>Current version from the other desk</translation>
        </message>
        <message>
            <source>TC Kimlik No, telefon veya ad soyad yazın</source>
            <translation>Type a T.C. ID No., phone or full name</translation>
        </message>
        <message>
            <source>Arama yapılamadı: {0}</source>
            <translation>Search failed: {0}</translation>
        </message>
        <message>
            <source>Seçilen: {0}</source>
            <translation>Selected: {0}</translation>
        </message>
        <message>
            <source>Eşleşen vatandaş yok; yazdığınızı kontrol edin veya önce vatandaş kaydı açın.</source>
            <translation>No matching citizen; check what you typed or register the citizen first.</translation>
        </message>
        <message>
            <source>↑/↓ ile seçin, Enter ile alın.</source>
            <translation>Choose with ↑/↓, take with Enter.</translation>
        </message>
        <message>
            <source>Yazmaya başlayın; sonuçlar aşağıda listelenir.</source>
            <translation>Start typing; the results are listed below.</translation>
        </message>
        <message>
            <source>↑/↓ seçin, Enter kartı açar, Esc kapatır · yeni kayıt: Ctrl+Shift+N</source>
            <translation>↑/↓ choose, Enter opens the card, Esc closes · new record: Ctrl+Shift+N</translation>
        </message>
        <message>
            <source>İlk {0} vatandaş gösteriliyor; aramayı daraltın · {1}</source>
            <translation>Showing the first {0} citizens; narrow the search · {1}</translation>
        </message>
        <message>
            <source>{0} vatandaş bulundu · {1}</source>
            <translation>{0} citizens found · {1}</translation>
        </message>
        <message>
            <source>‘{0}’ ile eşleşen vatandaş bulunamadı. Yeni kayıt açmak için Enter.</source>
            <translation>No citizen matches ‘{0}’. Press Enter to register a new one.</translation>
        </message>
        <message>
            <source>Masa</source>
            <translation>Desk</translation>
        </message>
        <message>
            <source>Web başvurusu</source>
            <translation>Web application</translation>
        </message>
        <message>
            <source>başvuru no</source>
            <translation>application no.</translation>
        </message>
        <message>
            <source>aynı telefon</source>
            <translation>same phone</translation>
        </message>
        <message>
            <source>bulundu: {0} {1}</source>
            <translation>found: {0} {1}</translation>
        </message>
        <message>
            <source>bulundu: {0}</source>
            <translation>found: {0}</translation>
        </message>
        <message>
            <source>Başlangıç</source>
            <translation>From</translation>
        </message>
        <message>
            <source>Bitiş</source>
            <translation>Until</translation>
        </message>
        <message>
            <source>güncel</source>
            <translation>current</translation>
        </message>
        <message>
            <source>Kaynak</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Hizmet verilen mahalleler dışında</source>
            <translation>Outside the served neighbourhoods</translation>
        </message>
        <message>
            <source>Tarih</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Konu</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Müdürlük</source>
            <translation>Directorate</translation>
        </message>
        <message>
            <source>Web başvuru no</source>
            <translation>Web application no.</translation>
        </message>
        <message>
            <source>Alan</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Web'de yazan</source>
            <translation>On the web</translation>
        </message>
        <message>
            <source>Kayıttaki</source>
            <translation>On record</translation>
        </message>
        <message>
            <source>Bulundu</source>
            <translation>Found</translation>
        </message>
        <message>
            <source>+ Yeni vatandaş kaydı aç (Ctrl+Shift+N)</source>
            <translation>+ Register a new citizen (Ctrl+Shift+N)</translation>
        </message>
        <message>
            <source>{0}, masadan teslim {1}</source>
            <translation>{0}, desk pickup {1}</translation>
        </message>
        <message>
            <source>{0} · {1} boş</source>
            <translation>{0} · {1} free</translation>
        </message>
        <message>
            <source>Teslimat planla — {0}</source>
            <translation>Plan delivery — {0}</translation>
        </message>
        <message>
            <source>&lt;b&gt;{0}&lt;/b&gt; · {1} · bebek {2}&lt;br&gt;{3}</source>
            <translation>&lt;b&gt;{0}&lt;/b&gt; · {1} · baby {2}&lt;br&gt;{3}</translation>
        </message>
        <message>
            <source>Öneriler</source>
            <translation>Suggestions</translation>
        </message>
        <message>
            <source>Başka bir gün ya da yer seçeceğim:</source>
            <translation>I will choose another day or place:</translation>
        </message>
        <message>
            <source>Planla</source>
            <translation>Plan</translation>
        </message>
        <message>
            <source>{0} başarısız ev ziyareti var: {1} başarısız ziyaretten sonra önce masadan teslim önerilir. Aileyi arayıp masaya davet edin.</source>
            <translation>{0} failed home visits: after {1} failed visits, desk pickup is suggested first. Call the family and invite them to the desk.</translation>
        </message>
        <message>
            <source>Önerilen: </source>
            <translation>Suggested: </translation>
        </message>
        <message>
            <source>Diğer seçenek: </source>
            <translation>Other option: </translation>
        </message>
        <message>
            <source>Önümüzdeki günlerde boş yer bulunamadı; bir gün ve yer seçin.</source>
            <translation>No free slot found in the coming days; choose a day and place.</translation>
        </message>
        <message>
            <source>Bu gün için bir ekip ya da teslim saati seçin.</source>
            <translation>Choose a team or a pickup time for this day.</translation>
        </message>
        <message>
            <source>Teslimatı taşı — {0}</source>
            <translation>Move delivery — {0}</translation>
        </message>
        <message>
            <source>&lt;b&gt;{0}&lt;/b&gt; · {1}&lt;br&gt;Şu an: {2}, {3}</source>
            <translation>&lt;b&gt;{0}&lt;/b&gt; · {1}&lt;br&gt;Now: {2}, {3}</translation>
        </message>
        <message>
            <source>Taşı</source>
            <translation>Move</translation>
        </message>
        <message>
            <source>Otomatik (başarısız ziyaretlerden sonra masadan teslim)</source>
            <translation>Automatic (desk pickup after failed visits)</translation>
        </message>
        <message>
            <source>Adrese teslim</source>
            <translation>Home delivery</translation>
        </message>
        <message>
            <source>Masadan teslim</source>
            <translation>Desk pickup</translation>
        </message>
        <message>
            <source>Toplu planla</source>
            <translation>Bulk planning</translation>
        </message>
        <message>
            <source>Seçili {0} başvuru</source>
            <translation>{0} selected applications</translation>
        </message>
        <message>
            <source>Bekleyen tüm başvurular ({0})</source>
            <translation>All waiting applications ({0})</translation>
        </message>
        <message>
            <source>&amp;Teslim şekli</source>
            <translation>&amp;Delivery method</translation>
        </message>
        <message>
            <source>&amp;İlk gün</source>
            <translation>&amp;First day</translation>
        </message>
        <message>
            <source>Hangileri</source>
            <translation>Which</translation>
        </message>
        <message>
            <source>En eski başvuru önce; her biri ilk boş güne, bir ekibin günü aynı mahalleler bir araya gelecek biçimde planlanır.</source>
            <translation>Oldest application first; each goes to the first free day, grouping the same neighbourhoods on a team's day.</translation>
        </message>
        <message>
            <source>Planlanacak başvuru yok; listeden başvuru seçin.</source>
            <translation>No applications to plan; select applications in the list.</translation>
        </message>
        <message>
            <source>Planlanıyor…</source>
            <translation>Planning…</translation>
        </message>
        <message>
            <source>Toplu planlama yapılamadı: {0}</source>
            <translation>Bulk planning failed: {0}</translation>
        </message>
        <message>
            <source>{0} başvuru planlandı.</source>
            <translation>{0} applications planned.</translation>
        </message>
        <message>
            <source>{0} başvuru atlandı:</source>
            <translation>{0} applications skipped:</translation>
        </message>
        <message>
            <source>Planı geri al — {0}</source>
            <translation>Undo plan — {0}</translation>
        </message>
        <message>
            <source>ör. Aile şehir dışında, dönünce aranacak</source>
            <translation>e.g. Family out of town, will be called on return</translation>
        </message>
        <message>
            <source>&amp;Neden</source>
            <translation>&amp;Reason</translation>
        </message>
        <message>
            <source>{0} · {1}&lt;br&gt;{2}, {3}</source>
            <translation>{0} · {1}&lt;br&gt;{2}, {3}</translation>
        </message>
        <message>
            <source>Yer boşalır, başvuru planlanmamışlar listesine döner.</source>
            <translation>The slot becomes free; the application returns to the unplanned list.</translation>
        </message>
        <message>
            <source>Planı geri al</source>
            <translation>Undo plan</translation>
        </message>
        <message>
            <source>{0} — {1}</source>
            <translation>{0} — {1}</translation>
        </message>
        <message>
            <source>&lt;b&gt;{0}&lt;/b&gt; · {1}</source>
            <translation>&lt;b&gt;{0}&lt;/b&gt; · {1}</translation>
        </message>
        <message>
            <source>Yukarı</source>
            <translation>Up</translation>
        </message>
        <message>
            <source>Aşağı</source>
            <translation>Down</translation>
        </message>
        <message>
            <source>Otomatik sırala</source>
            <translation>Auto-sort</translation>
        </message>
        <message>
            <source>Taşı…</source>
            <translation>Move…</translation>
        </message>
        <message>
            <source>Planı geri al…</source>
            <translation>Undo plan…</translation>
        </message>
        <message>
            <source>Sonuç gir…</source>
            <translation>Enter outcome…</translation>
        </message>
        <message>
            <source>Fişleri yazdır…</source>
            <translation>Print slips…</translation>
        </message>
        <message>
            <source>Fişi yeniden bas…</source>
            <translation>Reprint slip…</translation>
        </message>
        <message>
            <source>Seçili teslimata yeni fiş basar; eski fişin karekodu geçersiz olur.</source>
            <translation>Prints a new slip for the selected delivery; the old slip's QR code becomes invalid.</translation>
        </message>
        <message>
            <source>Önce listeden planlı bir teslimat seçin.</source>
            <translation>First select a planned delivery in the list.</translation>
        </message>
        <message>
            <source>Yeniden basılan fiş — {0}</source>
            <translation>Reprinted slip — {0}</translation>
        </message>
        <message>
            <source>{0} için yeni fiş; önceki fişin karekodu artık geçersiz.</source>
            <translation>New slip for {0}; the previous slip's QR code is no longer valid.</translation>
        </message>
        <message>
            <source>{0} teslimat · {1} planlı</source>
            <translation>{0} deliveries · {1} planned</translation>
        </message>
        <message>
            <source>Bugün</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>{0}
Günlük kapasite: {1} · Çalışma günleri: {2}</source>
            <translation>{0}
Daily capacity: {1} · Working days: {2}</translation>
        </message>
        <message>
            <source>{0} mah.</source>
            <translation>{0} nbhd.</translation>
        </message>
        <message>
            <source>Ekip bu gün çalışmıyor.</source>
            <translation>The team does not work on this day.</translation>
        </message>
        <message>
            <source>{0} planlı / {1} kapasite · {2} boş</source>
            <translation>{0} planned / {1} capacity · {2} free</translation>
        </message>
        <message>
            <source>{0} mahalle</source>
            <translation>{0} neighbourhoods</translation>
        </message>
        <message>
            <source>{0} teslim edildi · {1} teslim edilemedi</source>
            <translation>{0} delivered · {1} not delivered</translation>
        </message>
        <message>
            <source>Günün listesi için tıklayın.</source>
            <translation>Click for the day's list.</translation>
        </message>
        <message>
            <source>{0} saat</source>
            <translation>{0} time slots</translation>
        </message>
        <message>
            <source>Bu gün masadan teslim saati yok.</source>
            <translation>No desk pickup hours on this day.</translation>
        </message>
        <message>
            <source>{0}: {1}/{2}</source>
            <translation>{0}: {1}/{2}</translation>
        </message>
        <message>
            <source>{0} · son: {1}</source>
            <translation>{0} · last: {1}</translation>
        </message>
        <message>
            <source>Masadan teslim önerilir</source>
            <translation>Desk pickup suggested</translation>
        </message>
        <message>
            <source>Bekliyor</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>Başarısız deneme</source>
            <translation>Failed attempts</translation>
        </message>
        <message>
            <source>{0} · bebek {1}
{2}
Telefon: {3}</source>
            <translation>{0} · baby {1}
{2}
Phone: {3}</translation>
        </message>
        <message>
            <source>Sıra</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>hatırlatıldı</source>
            <translation>reminded</translation>
        </message>
        <message>
            <source>Saat</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Teslim sonucu — {0}</source>
            <translation>Delivery outcome — {0}</translation>
        </message>
        <message>
            <source>&lt;b&gt;{0}&lt;/b&gt; · {1}&lt;br&gt;{2}&lt;br&gt;{3}, {4}</source>
            <translation>&lt;b&gt;{0}&lt;/b&gt; · {1}&lt;br&gt;{2}&lt;br&gt;{3}, {4}</translation>
        </message>
        <message>
            <source>Ad Soyad (fişteki ‘Teslim alan’)</source>
            <translation>Full name (‘Received by’ on the slip)</translation>
        </message>
        <message>
            <source>Seçin ya da yazın</source>
            <translation>Choose or type</translation>
        </message>
        <message>
            <source>Açıklama</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Teslim &amp;alan</source>
            <translation>Received &amp;by</translation>
        </message>
        <message>
            <source>&amp;Yakınlık</source>
            <translation>&amp;Relation</translation>
        </message>
        <message>
            <source>&amp;Tarih, saat</source>
            <translation>&amp;Date, time</translation>
        </message>
        <message>
            <source>&amp;Açıklama (zorunlu)</source>
            <translation>&amp;Note (required)</translation>
        </message>
        <message>
            <source>&amp;Açıklama</source>
            <translation>&amp;Note</translation>
        </message>
        <message>
            <source>‘{0}’ olarak kaydedildi. Başvuru yeniden planlanmak üzere bekleyenler listesine döndü.</source>
            <translation>Saved as ‘{0}’. The application is back on the waiting list to be planned again.</translation>
        </message>
        <message>
            <source>{0} başarısız ev ziyareti oldu: bir sonraki planlamada önce masadan teslim önerilecek.</source>
            <translation>{0} failed home visits: desk pickup will be suggested first at the next planning.</translation>
        </message>
        <message>
            <source>boş</source>
            <translation>free</translation>
        </message>
        <message>
            <source>dolmak üzere</source>
            <translation>almost full</translation>
        </message>
        <message>
            <source>— çalışmıyor</source>
            <translation>— not working</translation>
        </message>
        <message>
            <source>Teslimat</source>
            <translation>Delivery</translation>
        </message>
        <message>
            <source>◀ Önceki</source>
            <translation>◀ Previous</translation>
        </message>
        <message>
            <source>Sonraki ▶</source>
            <translation>Next ▶</translation>
        </message>
        <message>
            <source>Önceki hafta</source>
            <translation>Previous week</translation>
        </message>
        <message>
            <source>Sonraki hafta</source>
            <translation>Next week</translation>
        </message>
        <message>
            <source>Ekipler…</source>
            <translation>Teams…</translation>
        </message>
        <message>
            <source>Teslim saatleri…</source>
            <translation>Pickup hours…</translation>
        </message>
        <message>
            <source>Set stoğu…</source>
            <translation>Set stock…</translation>
        </message>
        <message>
            <source>Bir günün (ya da günlerin) ekip rota listeleri ve karekodlu teslim fişleri</source>
            <translation>Team route lists and QR-coded delivery slips for a day (or days)</translation>
        </message>
        <message>
            <source>Haftalık plan</source>
            <translation>Weekly plan</translation>
        </message>
        <message>
            <source>Hücre: planlı/kapasite ve gidilen mahalle sayısı. Günün listesi için hücreye tıklayın.</source>
            <translation>Cell: planned/capacity and number of neighbourhoods visited. Click a cell for the day's list.</translation>
        </message>
        <message>
            <source>Planla…</source>
            <translation>Plan…</translation>
        </message>
        <message>
            <source>Toplu planla…</source>
            <translation>Bulk plan…</translation>
        </message>
        <message>
            <source>Planlanmayı bekleyenler</source>
            <translation>Waiting to be planned</translation>
        </message>
        <message>
            <source>Onaylanmış, planlanmamış; en eski önce. Ctrl/Shift ile çoklu seçim.</source>
            <translation>Approved, not planned; oldest first. Ctrl/Shift for multiple selection.</translation>
        </message>
        <message>
            <source>Plan yüklenemedi: {0}</source>
            <translation>Could not load the plan: {0}</translation>
        </message>
        <message>
            <source>Stok: {0} set elde · {1} planlı teslimat bekliyor</source>
            <translation>Stock: {0} sets on hand · {1} planned deliveries waiting</translation>
        </message>
        <message>
            <source>{0} başvuru bekliyor</source>
            <translation>{0} applications waiting</translation>
        </message>
        <message>
            <source>{0} planlandı: {1}, {2}</source>
            <translation>{0} planned: {1}, {2}</translation>
        </message>
        <message>
            <source>{0} — dolu ({1}/{2})</source>
            <translation>{0} — full ({1}/{2})</translation>
        </message>
        <message>
            <source>{0} — {1} boş{2}</source>
            <translation>{0} — {1} free{2}</translation>
        </message>
        <message>
            <source>{0} — {1} boş</source>
            <translation>{0} — {1} free</translation>
        </message>
        <message>
            <source>Adrese teslim (ekip)</source>
            <translation>Home delivery (team)</translation>
        </message>
        <message>
            <source>&amp;Tarih</source>
            <translation>&amp;Date</translation>
        </message>
        <message>
            <source>Bu gün çalışan ekip yok.</source>
            <translation>No team works on this day.</translation>
        </message>
        <message>
            <source>Etkin</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Pasif</source>
            <translation>Inactive</translation>
        </message>
        <message>
            <source>Yeni</source>
            <translation>New</translation>
        </message>
        <message>
            <source>Kaydet</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Ekip</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Üyeler</source>
            <translation>Members</translation>
        </message>
        <message>
            <source>Günlük kapasite</source>
            <translation>Daily capacity</translation>
        </message>
        <message>
            <source>Çalışma günleri</source>
            <translation>Working days</translation>
        </message>
        <message>
            <source>Ekipler</source>
            <translation>Teams</translation>
        </message>
        <message>
            <source>ör. Hakan Yurt (şoför), Sibel Koç</source>
            <translation>e.g. Hakan Yurt (driver), Sibel Koç</translation>
        </message>
        <message>
            <source> teslimat</source>
            <translation> deliveries</translation>
        </message>
        <message>
            <source>Etkin (planlamada kullanılır)</source>
            <translation>Active (used in planning)</translation>
        </message>
        <message>
            <source>&amp;Ad</source>
            <translation>&amp;Name</translation>
        </message>
        <message>
            <source>Ü&amp;yeler</source>
            <translation>&amp;Members</translation>
        </message>
        <message>
            <source>&amp;Günlük kapasite</source>
            <translation>&amp;Daily capacity</translation>
        </message>
        <message>
            <source>Yeni ekip</source>
            <translation>New team</translation>
        </message>
        <message>
            <source>Ekibi düzenle</source>
            <translation>Edit team</translation>
        </message>
        <message>
            <source>Şu günlerde planlı teslimat yeni kapasiteden fazla; planları korundu: {0}</source>
            <translation>On these days the planned deliveries exceed the new capacity; their plans were kept: {0}</translation>
        </message>
        <message>
            <source>Gün</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Kapasite</source>
            <translation>Capacity</translation>
        </message>
        <message>
            <source>Masadan teslim saatleri</source>
            <translation>Desk pickup hours</translation>
        </message>
        <message>
            <source> kişi</source>
            <translation> people</translation>
        </message>
        <message>
            <source>&amp;Gün</source>
            <translation>&amp;Day</translation>
        </message>
        <message>
            <source>&amp;Başlangıç</source>
            <translation>&amp;Start</translation>
        </message>
        <message>
            <source>Bi&amp;tiş</source>
            <translation>E&amp;nd</translation>
        </message>
        <message>
            <source>&amp;Kapasite</source>
            <translation>&amp;Capacity</translation>
        </message>
        <message>
            <source>Yeni teslim saati</source>
            <translation>New pickup time</translation>
        </message>
        <message>
            <source>Saati düzenle</source>
            <translation>Edit time slot</translation>
        </message>
        <message>
            <source>{0} fiş, {1} rota listesi, {2} sayfa.</source>
            <translation>{0} slips, {1} route lists, {2} pages.</translation>
        </message>
        <message>
            <source>{0} teslimatın daha önce basılmış fişi artık geçersiz; yalnızca bu fişler okutulur.</source>
            <translation>The previously printed slip of {0} deliveries is no longer valid; only these slips can be scanned.</translation>
        </message>
        <message>
            <source>Teslim fişlerini yazdır</source>
            <translation>Print delivery slips</translation>
        </message>
        <message>
            <source>&amp;Tarih aralığı</source>
            <translation>&amp;Date range</translation>
        </message>
        <message>
            <source>Tüm ekipler</source>
            <translation>All teams</translation>
        </message>
        <message>
            <source>{0} (pasif)</source>
            <translation>{0} (inactive)</translation>
        </message>
        <message>
            <source>A4 — bir sayfada iki fiş</source>
            <translation>A4 — two slips per page</translation>
        </message>
        <message>
            <source>A5 — sayfa başına bir fiş</source>
            <translation>A5 — one slip per page</translation>
        </message>
        <message>
            <source>&amp;Ekip</source>
            <translation>&amp;Team</translation>
        </message>
        <message>
            <source>Kâğıt</source>
            <translation>Paper</translation>
        </message>
        <message>
            <source>&amp;Hazırla</source>
            <translation>&amp;Prepare</translation>
        </message>
        <message>
            <source>Enter: hazırla · Esc: vazgeç</source>
            <translation>Enter: prepare · Esc: cancel</translation>
        </message>
        <message>
            <source>Her ekibin rota listesi ve planlanmış adrese teslimlerin karekodlu fişleri tek PDF’te hazırlanır. Daha önce basılmış bir teslimatın eski fişi geçersiz olur.</source>
            <translation>Each team's route list and the QR-coded slips of the planned home deliveries are prepared in a single PDF. The old slip of a delivery printed before becomes invalid.</translation>
        </message>
        <message>
            <source>{0} / {1} sayfa hazırlanıyor…</source>
            <translation>Preparing page {0} of {1}…</translation>
        </message>
        <message>
            <source>Fişler hazırlanıyor</source>
            <translation>Preparing slips</translation>
        </message>
        <message>
            <source>Seçilen gün ve ekip için basılacak planlanmış adrese teslim yok.</source>
            <translation>No planned home deliveries to print for the chosen day and team.</translation>
        </message>
        <message>
            <source>Teslim fişleri — önizleme</source>
            <translation>Delivery slips — preview</translation>
        </message>
        <message>
            <source>Fişler hazırlanamadı: {0}</source>
            <translation>Could not prepare the slips: {0}</translation>
        </message>
        <message>
            <source>İptal edildi; hiçbir fiş basılmış sayılmadı.</source>
            <translation>Cancelled; no slip counts as printed.</translation>
        </message>
        <message>
            <source>Set</source>
            <translation>Set</translation>
        </message>
        <message>
            <source>Geliş</source>
            <translation>Received on</translation>
        </message>
        <message>
            <source>İçerik</source>
            <translation>Contents</translation>
        </message>
        <message>
            <source>Alınan</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Verilen</source>
            <translation>Given out</translation>
        </message>
        <message>
            <source>Eldeki</source>
            <translation>On hand</translation>
        </message>
        <message>
            <source>Set stoğu</source>
            <translation>Set stock</translation>
        </message>
        <message>
            <source>ör. 2025 Yaz Seti</source>
            <translation>e.g. 2025 Summer Set</translation>
        </message>
        <message>
            <source>Her satıra bir parça (ör. Battaniye)</source>
            <translation>One item per line (e.g. Blanket)</translation>
        </message>
        <message>
            <source>Etkin (teslimlerde kullanılır)</source>
            <translation>Active (used for deliveries)</translation>
        </message>
        <message>
            <source>&amp;Set adı</source>
            <translation>&amp;Set name</translation>
        </message>
        <message>
            <source>İç&amp;erik</source>
            <translation>Cont&amp;ents</translation>
        </message>
        <message>
            <source>Stok girişi (seçili set)</source>
            <translation>Stock receipt (selected set)</translation>
        </message>
        <message>
            <source> set</source>
            <translation> sets</translation>
        </message>
        <message>
            <source>ör. İrsaliye no, tedarikçi</source>
            <translation>e.g. delivery note no., supplier</translation>
        </message>
        <message>
            <source>Sayım düzeltmesi (eksi sayı olabilir)</source>
            <translation>Count correction (may be negative)</translation>
        </message>
        <message>
            <source>Stok girişi kaydet</source>
            <translation>Save stock receipt</translation>
        </message>
        <message>
            <source>A&amp;det</source>
            <translation>&amp;Quantity</translation>
        </message>
        <message>
            <source>&amp;Not</source>
            <translation>N&amp;ote</translation>
        </message>
        <message>
            <source>Toplam {0} set elde · {1} planlı teslimat bekliyor</source>
            <translation>{0} sets on hand in total · {1} planned deliveries waiting</translation>
        </message>
        <message>
            <source>Yeni set</source>
            <translation>New set</translation>
        </message>
        <message>
            <source>Seti düzenle</source>
            <translation>Edit set</translation>
        </message>
        <message>
            <source>Önce listeden bir set seçin.</source>
            <translation>First select a set in the list.</translation>
        </message>
        <message>
            <source>(bitiş)</source>
            <translation>(end)</translation>
        </message>
        <message>
            <source>{0} listesi</source>
            <translation>{0} list</translation>
        </message>
        <message>
            <source>Evet</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>Hayır</source>
            <translation>No</translation>
        </message>
        <message>
            <source>Kullanım kılavuzu</source>
            <translation>User guide</translation>
        </message>
        <message>
            <source>Kullanım kılavuzu bu kurulumda bulunamadı ({0}).</source>
            <translation>The user guide is not part of this installation ({0}).</translation>
        </message>
        <message>
            <source>Masa {0}</source>
            <translation>Desk {0}</translation>
        </message>
        <message>
            <source>Aç (Enter)</source>
            <translation>Open (Enter)</translation>
        </message>
        <message>
            <source>Sayılıyor…</source>
            <translation>Counting…</translation>
        </message>
        <message>
            <source>Yazdır</source>
            <translation>Print</translation>
        </message>
        <message>
            <source>Yazıcı açılamadı; yazıcının açık ve bağlı olduğunu kontrol edin.</source>
            <translation>Could not open the printer; check that it is switched on and connected.</translation>
        </message>
        <message>
            <source>Yazıcı yeni sayfaya geçemedi.</source>
            <translation>The printer could not start a new page.</translation>
        </message>
        <message>
            <source>Baskı önizleme</source>
            <translation>Print preview</translation>
        </message>
        <message>
            <source>{0} sayfa</source>
            <translation>{0} pages</translation>
        </message>
        <message>
            <source>Sayfaya sığdır</source>
            <translation>Fit page</translation>
        </message>
        <message>
            <source>Genişliğe sığdır</source>
            <translation>Fit width</translation>
        </message>
        <message>
            <source>&amp;Yazdır…</source>
            <translation>&amp;Print…</translation>
        </message>
        <message>
            <source>PDF olarak &amp;kaydet…</source>
            <translation>Save as &amp;PDF…</translation>
        </message>
        <message>
            <source>Enter: yazdır · Esc: kapat</source>
            <translation>Enter: print · Esc: close</translation>
        </message>
        <message>
            <source>PDF açılamadı: {0}</source>
            <translation>Could not open the PDF: {0}</translation>
        </message>
        <message>
            <source>PDF olarak kaydet</source>
            <translation>Save as PDF</translation>
        </message>
        <message>
            <source>PDF dosyası (*.pdf)</source>
            <translation>PDF file (*.pdf)</translation>
        </message>
        <message>
            <source>PDF kaydedilemedi: {0}</source>
            <translation>Could not save the PDF: {0}</translation>
        </message>
        <message>
            <source>Kaydedildi: {0}</source>
            <translation>Saved: {0}</translation>
        </message>
        <message>
            <source>İptal</source>
            <comment>button</comment>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>İptal ediliyor…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <source>Sunucuya bağlanılamıyor; hiçbir şey kaydedilmedi. Biraz sonra yeniden deneyin.</source>
            <translation>The server cannot be reached; nothing was saved. Try again in a moment.</translation>
        </message>
        <message>
            <source>Beklenmeyen bir hata oluştu; işlem tamamlanamadı.</source>
            <translation>An unexpected error occurred; the operation could not be completed.</translation>
        </message>
        <message>
            <source>İşlem tamamlanamadı</source>
            <translation>Operation not completed</translation>
        </message>
        <message>
            <source>Enter: kaydet · Esc: vazgeç</source>
            <translation>Enter: save · Esc: cancel</translation>
        </message>
        <message>
            <source>Yazdıklarınız kaydedilmedi. Form kapatılsın mı?</source>
            <translation>What you entered was not saved. Close the form?</translation>
        </message>
        <message>
            <source>Çorum Belediyesi</source>
            <translation>Çorum Municipality</translation>
        </message>
        <message>
            <source>{0} (Ctrl+{1})</source>
            <translation>{0} (Ctrl+{1})</translation>
        </message>
        <message>
            <source>Arama</source>
            <translation>Search</translation>
        </message>
        <message>
            <source>Gönül Kapısı</source>
            <translation>Gönül Kapısı</translation>
        </message>
        <message>
            <source>TC, telefon, ad soyad veya başvuru no (Ctrl+F)</source>
            <translation>T.C. ID, phone, full name or application no. (Ctrl+F)</translation>
        </message>
        <message>
            <source>Kullanıcı: {0} ({1})</source>
            <translation>User: {0} ({1})</translation>
        </message>
        <message>
            <source>Veritabanı: {0}</source>
            <translation>Database: {0}</translation>
        </message>
        <message>
            <source>Oturum kilitli</source>
            <translation>Session locked</translation>
        </message>
        <message>
            <source>&amp;Oturum</source>
            <translation>&amp;Session</translation>
        </message>
        <message>
            <source>Oturumu kilitle</source>
            <translation>Lock session</translation>
        </message>
        <message>
            <source>Çıkış</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Kullanıcı değiştir</source>
            <translation>Switch user</translation>
        </message>
        <message>
            <source>Oturumu kapat</source>
            <translation>Log out</translation>
        </message>
        <message>
            <source>&amp;Dil / Language</source>
            <translation>&amp;Language / Dil</translation>
        </message>
        <message>
            <source>Kullanıcılar…</source>
            <translation>Users…</translation>
        </message>
        <message>
            <source>&amp;Sayfa</source>
            <translation>&amp;Page</translation>
        </message>
        <message>
            <source>Vatandaş ara</source>
            <translation>Find citizen</translation>
        </message>
        <message>
            <source>&amp;Yardım</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>Hakkında</source>
            <translation>About</translation>
        </message>
        <message>
            <source>{0} oturumu kapatılsın mı? Açık pencereler kapanır, kaydedilmemiş bilgiler kaybolur.</source>
            <translation>Log {0} out? Open windows close and unsaved information is lost.</translation>
        </message>
        <message>
            <source>Programı kapat</source>
            <translation>Close the program</translation>
        </message>
        <message>
            <source>Program kapatılsın mı? Kaydedilmemiş bilgiler kaybolur.</source>
            <translation>Close the program? Unsaved information will be lost.</translation>
        </message>
        <message>
            <source>Dil</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>Dil ayarı kaydedilemedi: {0}</source>
            <translation>Could not save the language setting: {0}</translation>
        </message>
        <message>
            <source>Dil değişikliği programın bir sonraki açılışında geçerli olur.</source>
            <translation>The new language applies the next time the program starts.</translation>
        </message>
        <message>
            <source>Gönül Kapısı Ön Masa ve Hoş Geldin Bebek programı
Çorum Belediyesi

Sürüm {0}
Veritabanı: {1}</source>
            <translation>Gönül Kapısı Front Desk and Welcome Baby program
Çorum Municipality

Version {0}
Database: {1}</translation>
        </message>
        <message>
            <source>SMS istemiyor</source>
            <translation>No SMS wanted</translation>
        </message>
        <message>
            <source>İşaretliyse bu kişiye hiçbir SMS gönderilmez; sıradaki mesajları iptal edilir.</source>
            <translation>When ticked, no SMS is sent to this person; their queued messages are cancelled.</translation>
        </message>
        <message>
            <source>Bilgilendirme mesajları: başvuru, teslim günü, hatırlatma, evde bulunamama ve talebin cevabı. T.C. Kimlik No ve sağlık bilgisi içermez.</source>
            <translation>Informational messages: application, delivery day, reminder, not found at home and the request's answer. They carry no T.C. Kimlik No and no health data.</translation>
        </message>
        <message>
            <source>SMS bilgisi alınamadı: {0}</source>
            <translation>SMS details could not be loaded: {0}</translation>
        </message>
        <message>
            <source>Sırada</source>
            <translation>Queued</translation>
        </message>
        <message>
            <source>Gönderildi</source>
            <translation>Sent</translation>
        </message>
        <message>
            <source>Telefona ulaştı</source>
            <translation>Delivered to the phone</translation>
        </message>
        <message>
            <source>Gönderilemedi</source>
            <translation>Failed</translation>
        </message>
        <message>
            <source>İptal edildi</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Bildirimler</source>
            <translation>Notifications</translation>
        </message>
        <message>
            <source>Durum:</source>
            <translation>Status:</translation>
        </message>
        <message>
            <source>Yenile</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Yeniden dene</source>
            <translation>Retry</translation>
        </message>
        <message>
            <source>Gönderme (iptal et)</source>
            <translation>Do not send (cancel)</translation>
        </message>
        <message>
            <source>SMS şablonları…</source>
            <translation>SMS templates…</translation>
        </message>
        <message>
            <source>Sırada {0} · gönderildi {1} · ulaştı {2} · gönderilemedi {3} · iptal {4}</source>
            <translation>Queued {0} · sent {1} · delivered {2} · failed {3} · cancelled {4}</translation>
        </message>
        <message>
            <source>Oluşturuldu</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>Tür</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source> (örnek)</source>
            <translation> (demo)</translation>
        </message>
        <message>
            <source>Deneme</source>
            <translation>Tries</translation>
        </message>
        <message>
            <source>Sebep</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Metin</source>
            <translation>Text</translation>
        </message>
        <message>
            <source>Örnek mesaj: {0} karakter, {1} SMS ({2})</source>
            <translation>Sample message: {0} characters, {1} SMS ({2})</translation>
        </message>
        <message>
            <source>SMS şablonları</source>
            <translation>SMS templates</translation>
        </message>
        <message>
            <source>Varsayılan metin</source>
            <translation>Default text</translation>
        </message>
        <message>
            <source>Kullanılabilir alanlar: {0}</source>
            <translation>Fields you can use: {0}</translation>
        </message>
        <message>
            <source>Yönlendir</source>
            <translation>Forward</translation>
        </message>
        <message>
            <source>Cevap ekle</source>
            <translation>Add answer</translation>
        </message>
        <message>
            <source>Not ekle</source>
            <translation>Add note</translation>
        </message>
        <message>
            <source>Durum değiştir</source>
            <translation>Change status</translation>
        </message>
        <message>
            <source>Vatandaş bilgilendirildi</source>
            <translation>Citizen informed</translation>
        </message>
        <message>
            <source>Talep yönlendirildi.</source>
            <translation>The request was forwarded.</translation>
        </message>
        <message>
            <source>Müdürlük cevabı kaydedildi.</source>
            <translation>The directorate's answer was saved.</translation>
        </message>
        <message>
            <source>Not eklendi.</source>
            <translation>The note was added.</translation>
        </message>
        <message>
            <source>Durum değiştirildi.</source>
            <translation>The status was changed.</translation>
        </message>
        <message>
            <source>Vatandaşın bilgilendirildiği kaydedildi.</source>
            <translation>Recorded that the citizen was informed.</translation>
        </message>
        <message>
            <source>&amp;Yönlendir</source>
            <translation>&amp;Forward</translation>
        </message>
        <message>
            <source>&amp;Cevap ekle</source>
            <translation>Add &amp;answer</translation>
        </message>
        <message>
            <source>&amp;Not ekle</source>
            <translation>Add &amp;note</translation>
        </message>
        <message>
            <source>&amp;Durum değiştir</source>
            <translation>Change &amp;status</translation>
        </message>
        <message>
            <source>Vatandaş &amp;bilgilendirildi</source>
            <translation>Citizen &amp;informed</translation>
        </message>
        <message>
            <source>Müdürlük seçin</source>
            <translation>Choose a directorate</translation>
        </message>
        <message>
            <source>Not (isteğe bağlı)</source>
            <translation>Note (optional)</translation>
        </message>
        <message>
            <source>Müdürlüğün yazılı cevabı; vatandaşa olduğu gibi okunacak</source>
            <translation>The directorate's written answer; it will be read to the citizen as is</translation>
        </message>
        <message>
            <source>Talebi ‘Çözüldü’ durumuna al</source>
            <translation>Set the request to ‘Resolved’</translation>
        </message>
        <message>
            <source>Not</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Yazılı cevap (gerekli)</source>
            <translation>Written answer (required)</translation>
        </message>
        <message>
            <source>Bu durum için vatandaşa okunacak yazılı cevap gerekli; müdürlüğün cevabını yazın</source>
            <translation>This status needs a written answer to read to the citizen; enter the directorate's answer</translation>
        </message>
        <message>
            <source>Not (isteğe bağlı): kiminle görüşüldü, ne söylendi</source>
            <translation>Note (optional): who was contacted, what was said</translation>
        </message>
        <message>
            <source>Cevap</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>Yeni durum</source>
            <translation>New status</translation>
        </message>
        <message>
            <source>Nasıl</source>
            <translation>How</translation>
        </message>
        <message>
            <source>Kaydet (Ctrl+Enter)</source>
            <translation>Save (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Çözülmüş, reddedilmiş veya kapanmış talep yönlendirilemez.</source>
            <translation>A resolved, rejected or closed request cannot be forwarded.</translation>
        </message>
        <message>
            <source>Kapanmış talebe cevap eklenemez.</source>
            <translation>An answer cannot be added to a closed request.</translation>
        </message>
        <message>
            <source>Kapanmış talebin durumu değiştirilemez.</source>
            <translation>The status of a closed request cannot be changed.</translation>
        </message>
        <message>
            <source>Önce müdürlüğün cevabını ekleyin; bildirilecek cevap yok.</source>
            <translation>Add the directorate's answer first; there is no answer to inform about.</translation>
        </message>
        <message>
            <source>İşlem: {0}</source>
            <translation>Action: {0}</translation>
        </message>
        <message>
            <source>Müdürlük: {0}</source>
            <translation>Directorate: {0}</translation>
        </message>
        <message>
            <source>Not: {0}</source>
            <translation>Note: {0}</translation>
        </message>
        <message>
            <source>Yeni durum: {0}</source>
            <translation>New status: {0}</translation>
        </message>
        <message>
            <source>Cevap: {0}</source>
            <translation>Answer: {0}</translation>
        </message>
        <message>
            <source>Nasıl: {0}</source>
            <translation>How: {0}</translation>
        </message>
        <message>
            <source>Müdürlük seçilmedi; talebin gideceği müdürlüğü seçin.</source>
            <translation>No directorate chosen; choose the directorate the request goes to.</translation>
        </message>
        <message>
            <source>Son değişiklik: {0} · {1}</source>
            <translation>Last change: {0} · {1}</translation>
        </message>
        <message>
            <source>Durum: {0}</source>
            <translation>Status: {0}</translation>
        </message>
        <message>
            <source>Son tarih: {0}</source>
            <translation>Due date: {0}</translation>
        </message>
        <message>
            <source>(yok)</source>
            <translation>(none)</translation>
        </message>
        <message>
            <source>Bilgilendirildi: {0} ({1})</source>
            <translation>Informed: {0} ({1})</translation>
        </message>
        <message>
            <source>Son işlemler:</source>
            <translation>Recent actions:</translation>
        </message>
        <message>
            <source>Vatandaş</source>
            <translation>Citizen</translation>
        </message>
        <message>
            <source>Kategori</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Kayıt</source>
            <translation>Registered</translation>
        </message>
        <message>
            <source>Son tarih</source>
            <translation>Due date</translation>
        </message>
        <message>
            <source>Bilgilendirme</source>
            <translation>Informing</translation>
        </message>
        <message>
            <source>Yazılı cevap (vatandaşa okunacak)</source>
            <translation>Written answer (to be read to the citizen)</translation>
        </message>
        <message>
            <source>Sizin değişikliğiniz (kaydedilmedi)</source>
            <translation>Your change (not saved)</translation>
        </message>
        <message>
            <source>Güncel hâli yükle</source>
            <translation>Load the current version</translation>
        </message>
        <message>
            <source>Yazdığınızı soldan kopyalayabilirsiniz; güncel hâli yükleyip yeniden deneyin.</source>
            <translation>You can copy what you wrote from the left; load the current version and try again.</translation>
        </message>
        <message>
            <source>Talep {0}</source>
            <translation>Request {0}</translation>
        </message>
        <message>
            <source>Vatandaşsız (anonim)</source>
            <translation>No citizen (anonymous)</translation>
        </message>
        <message>
            <source>{0} — gecikmiş</source>
            <translation>{0} — overdue</translation>
        </message>
        <message>
            <source>Gecikmiş: son tarih geçti, talep hâlâ açık.</source>
            <translation>Overdue: the due date has passed and the request is still open.</translation>
        </message>
        <message>
            <source>(açıklama yok)</source>
            <translation>(no description)</translation>
        </message>
        <message>
            <source>Henüz müdürlük cevabı yok.</source>
            <translation>No answer from the directorate yet.</translation>
        </message>
        <message>
            <source>{0} · {1}</source>
            <translation>{0} · {1}</translation>
        </message>
        <message>
            <source>Cevap bekleniyor</source>
            <translation>Awaiting answer</translation>
        </message>
        <message>
            <source>Bildirilmedi — 48 saat geçti</source>
            <translation>Not informed — 48 hours passed</translation>
        </message>
        <message>
            <source>Bildirilmedi</source>
            <translation>Not informed</translation>
        </message>
        <message>
            <source>İşlem kaydedilemedi</source>
            <translation>Could not save the action</translation>
        </message>
        <message>
            <source>İşlem kaydedilemedi; yazdıklarınız duruyor. Yeniden deneyin.</source>
            <translation>Could not save the action; what you entered is still there. Try again.</translation>
        </message>
        <message>
            <source>Güncel hâl yüklendi; işleminizi gözden geçirip yeniden kaydedin.</source>
            <translation>The current version was loaded; review your action and save again.</translation>
        </message>
        <message>
            <source>Başka bir masada değişti</source>
            <translation>Changed at another desk</translation>
        </message>
        <message>
            <source>Talep başka bir masada güncellendi; güncel hâli gösteriliyor.</source>
            <translation>The request was updated at another desk; the current version is shown.</translation>
        </message>
        <message>
            <source>Yazdıklarınız kaydedilmedi. Pencere kapatılsın mı?</source>
            <translation>What you entered was not saved. Close the window?</translation>
        </message>
        <message>
            <source>Geri dön</source>
            <translation>Go back</translation>
        </message>
        <message>
            <source>Açık olanlar</source>
            <translation>Open ones</translation>
        </message>
        <message>
            <source>Tüm müdürlükler</source>
            <translation>All directorates</translation>
        </message>
        <message>
            <source>Referans (GK-2025-…) veya konu</source>
            <translation>Reference (GK-2025-…) or subject</translation>
        </message>
        <message>
            <source>Gecikmiş</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>48 saatte bildirilmedi</source>
            <translation>Not informed within 48 hours</translation>
        </message>
        <message>
            <source>Benimkiler</source>
            <translation>Mine</translation>
        </message>
        <message>
            <source>Yalnız sizin kaydettiğiniz talepler</source>
            <translation>Only requests you registered</translation>
        </message>
        <message>
            <source>Tarih:</source>
            <translation>Date:</translation>
        </message>
        <message>
            <source>Mü&amp;dürlük</source>
            <translation>&amp;Directorate</translation>
        </message>
        <message>
            <source>Vatandaşsız (anonim) — yalnız WhatsApp ve 153</source>
            <translation>No citizen (anonymous) — WhatsApp and 153 only</translation>
        </message>
        <message>
            <source>— Kategori seçin (isteğe bağlı) —</source>
            <translation>— Choose a category (optional) —</translation>
        </message>
        <message>
            <source>— Müdürlük seçin —</source>
            <translation>— Choose a directorate —</translation>
        </message>
        <message>
            <source>Talebin konusu, kısaca</source>
            <translation>The subject of the request, briefly</translation>
        </message>
        <message>
            <source>Ayrıntılar: yer, zaman, vatandaşın anlattıkları… (Ctrl+Enter kaydeder)</source>
            <translation>Details: place, time, what the citizen said… (Ctrl+Enter saves)</translation>
        </message>
        <message>
            <source>&amp;Vatandaş</source>
            <translation>C&amp;itizen</translation>
        </message>
        <message>
            <source>Ka&amp;tegori</source>
            <translation>Ca&amp;tegory</translation>
        </message>
        <message>
            <source>&amp;Müdürlük</source>
            <translation>&amp;Directorate</translation>
        </message>
        <message>
            <source>K&amp;onu</source>
            <translation>S&amp;ubject</translation>
        </message>
        <message>
            <source>&amp;Son tarih</source>
            <translation>D&amp;ue date</translation>
        </message>
        <message>
            <source>Enter kaydeder, Esc vazgeçer.</source>
            <translation>Enter saves, Esc cancels.</translation>
        </message>
        <message>
            <source>Vatandaş seçilmedi; TC, telefon veya ad ile arayıp seçin ya da ‘Vatandaşsız (anonim)’ kutusunu işaretleyin.</source>
            <translation>No citizen selected; search by T.C. ID, phone or name and select one, or tick ‘No citizen (anonymous)’.</translation>
        </message>
        <message>
            <source>Vatandaş seçilmedi; TC, telefon veya ad ile arayıp listeden seçin (anonim kayıt yalnız WhatsApp ve 153 kanallarında).</source>
            <translation>No citizen selected; search by T.C. ID, phone or name and select one from the list (anonymous requests only on the WhatsApp and 153 channels).</translation>
        </message>
        <message>
            <source>Bugünden {0} gün sonra. Kategori seçilince kendiliğinden gelir.</source>
            <translation>{0} days from today. Filled in automatically when a category is chosen.</translation>
        </message>
        <message>
            <source>Talep kaydedilemedi</source>
            <translation>Could not save the request</translation>
        </message>
        <message>
            <source>Talep kaydedilemedi; yazdıklarınız formda duruyor. Yeniden deneyin.</source>
            <translation>Could not save the request; what you entered is still in the form. Try again.</translation>
        </message>
        <message>
            <source>Ön Masa</source>
            <translation>Front Desk</translation>
        </message>
        <message>
            <source>Yeni talep (Ctrl+N)</source>
            <translation>New request (Ctrl+N)</translation>
        </message>
        <message>
            <source>Renkler:</source>
            <translation>Colours:</translation>
        </message>
        <message>
            <source>{0} talep</source>
            <translation>{0} requests</translation>
        </message>
        <message>
            <source>Talep listesi yüklenemedi: {0}</source>
            <translation>Could not load the request list: {0}</translation>
        </message>
        <message>
            <source>(anonim)</source>
            <translation>(anonymous)</translation>
        </message>
        <message>
            <source>Gecikmiş: son tarih {0} geçti, talep hâlâ açık.</source>
            <translation>Overdue: the due date {0} has passed and the request is still open.</translation>
        </message>
        <message>
            <source>Cevap 48 saat içinde vatandaşa bildirilmedi.</source>
            <translation>The answer was not passed on to the citizen within 48 hours.</translation>
        </message>
        <message>
            <source>Yol: {0}</source>
            <translation>Route: {0}</translation>
        </message>
        <message>
            <source>Aile</source>
            <translation>Family</translation>
        </message>
        <message>
            <source>Enter</source>
            <translation>Enter</translation>
        </message>
        <message>
            <source>Ekip / saat</source>
            <translation>Team / time</translation>
        </message>
        <message>
            <source>‘Diğer’ için zorunlu</source>
            <translation>Required for ‘Other’</translation>
        </message>
        <message>
            <source>Açıkla&amp;ma</source>
            <translation>&amp;Note</translation>
        </message>
        <message>
            <source>Esc · Atla</source>
            <translation>Esc · Skip</translation>
        </message>
        <message>
            <source>Enter: teslim edildi · F2–F5: teslim edilemedi (nedeni) · Esc: atla. ‘Diğer’ için önce açıklama yazın.</source>
            <translation>Enter: delivered · F2–F5: not delivered (reason) · Esc: skip. For ‘Other’, write a note first.</translation>
        </message>
        <message>
            <source>{0} — masadan teslim</source>
            <translation>{0} — desk pickup</translation>
        </message>
        <message>
            <source>{0} — adrese teslim</source>
            <translation>{0} — home delivery</translation>
        </message>
        <message>
            <source>‘Diğer’ için ne olduğunu açıklama alanına yazın, sonra Enter’a basın.</source>
            <translation>For ‘Other’, describe what happened in the note field, then press Enter.</translation>
        </message>
        <message>
            <source>Tarama</source>
            <translation>Scan</translation>
        </message>
        <message>
            <source>Fişin karekodunu okutun ya da altındaki kısa kodu yazın</source>
            <translation>Scan the slip's QR code or type the short code below it</translation>
        </message>
        <message>
            <source>Oku</source>
            <translation>Read</translation>
        </message>
        <message>
            <source>Bu oturumda okutulanlar</source>
            <translation>Scanned in this session</translation>
        </message>
        <message>
            <source>Teslim et…</source>
            <translation>Deliver…</translation>
        </message>
        <message>
            <source>Tutanak</source>
            <translation>Receipt</translation>
        </message>
        <message>
            <source>Teslim edilmiş setin tutanağını yeniden yazdır</source>
            <translation>Reprint the receipt of a delivered set</translation>
        </message>
        <message>
            <source>Bugünkü masadan teslimler</source>
            <translation>Today's desk pickups</translation>
        </message>
        <message>
            <source>Okuyucu kodu yazıp Enter’a basar. Kabul edilen fişte Enter ‘Teslim edildi’ kaydeder; F2–F5 teslim edilemedi nedenleri, Esc atlar.</source>
            <translation>The scanner types the code and presses Enter. On an accepted slip, Enter records ‘Delivered’; F2–F5 are reasons for non-delivery, Esc skips.</translation>
        </message>
        <message>
            <source>Fiş geçerli: {0} — {1}</source>
            <translation>Slip valid: {0} — {1}</translation>
        </message>
        <message>
            <source>Planlanan gün {0}, bugün {1}.</source>
            <translation>Planned for {0}, today is {1}.</translation>
        </message>
        <message>
            <source>Reddedildi</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>{0} — {1}: teslim edildi ({2}).</source>
            <translation>{0} — {1}: delivered ({2}).</translation>
        </message>
        <message>
            <source>{0} — {1}: ‘{2}’ kaydedildi; başvuru yeniden planlanacak.</source>
            <translation>{0} — {1}: ‘{2}’ recorded; the application will be planned again.</translation>
        </message>
        <message>
            <source>Bir sonraki planlamada önce masadan teslim önerilecek.</source>
            <translation>Desk pickup will be suggested first at the next planning.</translation>
        </message>
        <message>
            <source>Atlandı; hiçbir şey kaydedilmedi.</source>
            <translation>Skipped; nothing was recorded.</translation>
        </message>
        <message>
            <source>Atlandı</source>
            <translation>Skipped</translation>
        </message>
        <message>
            <source>Hiçbir şey kaydedilmedi.</source>
            <translation>Nothing was recorded.</translation>
        </message>
        <message>
            <source>Bu oturumda: {0} teslim, {1} başarısız, {2} reddedildi</source>
            <translation>This session: {0} delivered, {1} failed, {2} rejected</translation>
        </message>
        <message>
            <source>, {0} atlandı</source>
            <translation>, {0} skipped</translation>
        </message>
        <message>
            <source>Listeden teslim edilecek bir kişi seçin.</source>
            <translation>Select a person to deliver to in the list.</translation>
        </message>
        <message>
            <source>{0} için sonuç zaten girilmiş ({1}).</source>
            <translation>An outcome was already entered for {0} ({1}).</translation>
        </message>
        <message>
            <source>Teslim tutanağı — {0}</source>
            <translation>Delivery receipt — {0}</translation>
        </message>
        <message>
            <source>Sunucuya bağlanılamıyor — yeniden deneniyor…</source>
            <translation>Cannot connect to the server — retrying…</translation>
        </message>
        <message>
            <source>● bağlantı yok</source>
            <translation>● no connection</translation>
        </message>
        <message>
            <source>Veritabanı sunucusuna ulaşılamıyor; birkaç saniyede bir yeniden deneniyor.</source>
            <translation>The database server cannot be reached; retrying every few seconds.</translation>
        </message>
        <message>
            <source>Örnek veri yüklensin mi?</source>
            <translation>Load sample data?</translation>
        </message>
        <message>
            <source>Deneme ve eğitim için bir yıllık gerçekçi kayıt oluşturulur: vatandaşlar, talepler, Hoş Geldin Bebek başvuruları ve teslimatlar. İçinde bulunulan yıl seçilirse kayıtlar bugünde biter ve her sayfada bekleyen iş olur. Gerçek kullanımda boş başlayın; örnek veriler gerçek kişilere ait değildir.</source>
            <translation>A year of realistic records is created for trying out and training: citizens, requests, Welcome Baby applications and deliveries. If the current year is chosen, the records end today and every page has pending work. For real use, start empty; the sample data does not belong to real people.</translation>
        </message>
        <message>
            <source>Yıl:</source>
            <translation>Year:</translation>
        </message>
        <message>
            <source>Örnek veriyi yükle</source>
            <translation>Load sample data</translation>
        </message>
        <message>
            <source>Boş başla</source>
            <translation>Start empty</translation>
        </message>
        <message>
            <source>Örnek veri yükleniyor</source>
            <translation>Loading sample data</translation>
        </message>
        <message>
            <source>{0} yılı için örnek veri hazırlanıyor…</source>
            <translation>Preparing sample data for {0}…</translation>
        </message>
        <message>
            <source>İlk yönetici</source>
            <translation>First administrator</translation>
        </message>
        <message>
            <source>Bu veritabanında henüz kullanıcı yok. Programı kuran bilgi işlem görevlisi olarak ilk yönetici hesabını oluşturun; diğer kullanıcıları bu hesapla eklersiniz.</source>
            <translation>This database has no users yet. As the IT staff member installing the program, create the first administrator account; you add the other users with this account.</translation>
        </message>
        <message>
            <source>ör. ayse.yilmaz</source>
            <translation>e.g. ayse.yilmaz</translation>
        </message>
        <message>
            <source>ör. Ayşe Yılmaz</source>
            <translation>e.g. Ayşe Yılmaz</translation>
        </message>
        <message>
            <source>en az {0} karakter</source>
            <translation>at least {0} characters</translation>
        </message>
        <message>
            <source>Kullanıcı adı:</source>
            <translation>User name:</translation>
        </message>
        <message>
            <source>Ad soyad:</source>
            <translation>Full name:</translation>
        </message>
        <message>
            <source>Parola:</source>
            <translation>Password:</translation>
        </message>
        <message>
            <source>Parola (tekrar):</source>
            <translation>Password (again):</translation>
        </message>
        <message>
            <source>Parola en az {0} karakter olmalı; {1} karakter girildi.</source>
            <translation>The password must be at least {0} characters; {1} were entered.</translation>
        </message>
        <message>
            <source>Parolalar aynı değil; ikisini de aynı yazın.</source>
            <translation>The passwords differ; type the same in both.</translation>
        </message>
        <message>
            <source>Masa bir süredir kullanılmadığı için {0} oturumu kilitlendi. Devam etmek için parolanızı yazın.</source>
            <translation>The desk was idle for a while, so {0}'s session was locked. Enter your password to continue.</translation>
        </message>
        <message>
            <source>{0} oturumu kilitlendi. Devam etmek için parolanızı yazın.</source>
            <translation>{0}'s session was locked. Type your password to continue.</translation>
        </message>
        <message>
            <source>Kilidi aç</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <source>Parolanızı yazın.</source>
            <translation>Enter your password.</translation>
        </message>
        <message>
            <source>Parola hatalı; yeniden deneyin.</source>
            <translation>Wrong password; try again.</translation>
        </message>
        <message>
            <source>Veritabanına ulaşılamadı; parola denetlenemedi. Yeniden deneyin.</source>
            <translation>The database could not be reached; the password could not be checked. Try again.</translation>
        </message>
        <message>
            <source>Gönül Kapısı — Giriş</source>
            <translation>Gönül Kapısı — Sign in</translation>
        </message>
        <message>
            <source>Çorum Belediyesi · Hoş Geldin Bebek</source>
            <translation>Çorum Municipality · Welcome Baby</translation>
        </message>
        <message>
            <source>kullanıcı adı</source>
            <translation>user name</translation>
        </message>
        <message>
            <source>parola</source>
            <translation>password</translation>
        </message>
        <message>
            <source>Giriş</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Kullanıcı adını yazın.</source>
            <translation>Enter the user name.</translation>
        </message>
        <message>
            <source>Veritabanına ulaşılamadı; giriş yapılamadı. Ağ bağlantısını kontrol edip yeniden deneyin, sürerse bilgi işleme haber verin.</source>
            <translation>The database could not be reached; could not sign in. Check the network connection and try again; if it persists, contact IT.</translation>
        </message>
        <message>
            <source>Kullanıcılar</source>
            <translation>Users</translation>
        </message>
        <message>
            <source>Kullanıcı adı</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Ad soyad</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Rol</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Seçili kullanıcı</source>
            <translation>Selected user</translation>
        </message>
        <message>
            <source>Rolü değiştir</source>
            <translation>Change role</translation>
        </message>
        <message>
            <source>Hesabı kapat</source>
            <translation>Deactivate</translation>
        </message>
        <message>
            <source>Hesabı aç</source>
            <translation>Reactivate</translation>
        </message>
        <message>
            <source>Kilidi kaldır</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <source>yeni parola</source>
            <translation>new password</translation>
        </message>
        <message>
            <source>Parolayı değiştir</source>
            <translation>Change password</translation>
        </message>
        <message>
            <source>Yeni kullanıcı</source>
            <translation>New user</translation>
        </message>
        <message>
            <source>boş: Windows oturumuyla giriş (yalnız PostgreSQL)</source>
            <translation>empty: Windows sign-on (PostgreSQL only)</translation>
        </message>
        <message>
            <source>Ekle</source>
            <translation>Add</translation>
        </message>
        <message>
            <source>Rol:</source>
            <translation>Role:</translation>
        </message>
        <message>
            <source>açık</source>
            <translation>active</translation>
        </message>
        <message>
            <source>kapalı</source>
            <translation>deactivated</translation>
        </message>
        <message>
            <source>kilitli</source>
            <translation>locked</translation>
        </message>
        <message>
            <source>Veritabanına ulaşılamadı; işlem yapılamadı. Yeniden deneyin.</source>
            <translation>The database cannot be reached; nothing was done. Try again.</translation>
        </message>
        <message>
            <source>{0} eklendi.</source>
            <translation>{0} added.</translation>
        </message>
        <message>
            <source>{0}: rol değişti.</source>
            <translation>{0}: role changed.</translation>
        </message>
        <message>
            <source>{0}: hesap açıldı.</source>
            <translation>{0}: account reactivated.</translation>
        </message>
        <message>
            <source>{0}: hesap kapatıldı.</source>
            <translation>{0}: account deactivated.</translation>
        </message>
        <message>
            <source>{0}: kilit kaldırıldı.</source>
            <translation>{0}: unlocked.</translation>
        </message>
        <message>
            <source>{0}: parola değişti.</source>
            <translation>{0}: password changed.</translation>
        </message>
        <message>
            <source>Kaydedilen talep</source>
            <translation>Requests registered</translation>
        </message>
        <message>
            <source>Süresi geçmiş (açık)</source>
            <translation>Overdue (open)</translation>
        </message>
        <message>
            <source>Yazılı cevaba ortanca gün</source>
            <translation>Median days to written answer</translation>
        </message>
        <message>
            <source>48 saatte bildirilen cevap</source>
            <translation>Answers passed on within 48 hours</translation>
        </message>
        <message>
            <source>Teslim edilen set</source>
            <translation>Sets delivered</translation>
        </message>
        <message>
            <source>Başvurudan teslime ortanca gün</source>
            <translation>Median days from application to delivery</translation>
        </message>
        <message>
            <source>Depodaki set</source>
            <translation>Sets in stock</translation>
        </message>
        <message>
            <source>Aylara göre talepler (kanal)</source>
            <translation>Requests by month (channel)</translation>
        </message>
        <message>
            <source>Hoş Geldin Bebek süreci</source>
            <translation>Welcome Baby process</translation>
        </message>
        <message>
            <source>Ekiplere göre haftalık adrese teslim</source>
            <translation>Weekly home deliveries by team</translation>
        </message>
        <message>
            <source>{0} saatte bildirilen cevap</source>
            <translation>Answers passed on within {0} hours</translation>
        </message>
        <message>
            <source>{0} / {1} cevap; tıklayınca {2} saatte bildirilmeyenler listelenir</source>
            <translation>{0} / {1} answers; click to list those not passed on within {2} hours</translation>
        </message>
        <message>
            <source>Planlı (bekleyen) teslimat: {0}</source>
            <translation>Planned (waiting) deliveries: {0}</translation>
        </message>
        <message>
            <source>{0} yılı</source>
            <translation>Year {0}</translation>
        </message>
        <message>
            <source>Listeyi aç</source>
            <translation>Open the list</translation>
        </message>
        <message>
            <source>PDF…</source>
            <translation>PDF…</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Excel…</source>
            <translation>Excel…</translation>
        </message>
        <message>
            <source>Excel (*.xlsx)</source>
            <translation>Excel (*.xlsx)</translation>
        </message>
        <message>
            <source>CSV…</source>
            <translation>CSV…</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Özet</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>Dışa aktar:</source>
            <translation>Export:</translation>
        </message>
        <message>
            <source>Hesaplanıyor… ({0})</source>
            <translation>Calculating… ({0})</translation>
        </message>
        <message>
            <source>Özet hesaplanamadı: {0}</source>
            <translation>Could not calculate the summary: {0}</translation>
        </message>
        <message>
            <source>{0} ({1:%d.%m.%Y} – {2:%d.%m.%Y}) · hazırlanma {3:%d.%m.%Y %H:%M}</source>
            <translation>{0} ({1:%d.%m.%Y} – {2:%d.%m.%Y}) · prepared {3:%d.%m.%Y %H:%M}</translation>
        </message>
        <message>
            <source>Raporu kaydet</source>
            <translation>Save report</translation>
        </message>
        <message>
            <source>Rapor hazırlanıyor: {0}</source>
            <translation>Preparing report: {0}</translation>
        </message>
        <message>
            <source>Rapor kaydedildi: {0}</source>
            <translation>Report saved: {0}</translation>
        </message>
        <message>
            <source>Web</source>
            <translation>Web</translation>
        </message>
        <message>
            <source>CİMER</source>
            <translation>CIMER</translation>
        </message>
        <message>
            <source>Açık Kapı</source>
            <translation>Open Door</translation>
        </message>
        <message>
            <source>WhatsApp</source>
            <translation>WhatsApp</translation>
        </message>
        <message>
            <source>Saha</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Onaylı</source>
            <translation>Approved</translation>
        </message>
        <message>
            <source>Uygun değil</source>
            <translation>Not eligible</translation>
        </message>
        <message>
            <source>Mükerrer</source>
            <translation>Duplicate</translation>
        </message>
        <message>
            <source>Planlı</source>
            <translation>Planned</translation>
        </message>
        <message>
            <source>Teslim</source>
            <translation>Delivered</translation>
        </message>
        <message>
            <source>Toplam</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>Kanallara göre talepler</source>
            <translation>Requests by channel</translation>
        </message>
        <message>
            <source>Talep</source>
            <translation>Requests</translation>
        </message>
        <message>
            <source>Pay</source>
            <translation>Share</translation>
        </message>
        <message>
            <source>{0} saatte bildirilmedi</source>
            <translation>Not passed on within {0} hours</translation>
        </message>
        <message>
            <source>Durumlarına göre talepler</source>
            <translation>Requests by status</translation>
        </message>
        <message>
            <source>Ay</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>Aylara ve kanallara göre talepler</source>
            <translation>Requests by month and channel</translation>
        </message>
        <message>
            <source>Süresi
geçmiş</source>
            <translation>Over-
due</translation>
        </message>
        <message>
            <source>Cevaba
ortanca gün</source>
            <translation>Median days
to answer</translation>
        </message>
        <message>
            <source>{0} saatte
bildirilen</source>
            <translation>Passed on
within {0} h</translation>
        </message>
        <message>
            <source>{0} saatte
bildirilmedi</source>
            <translation>Not passed on
within {0} h</translation>
        </message>
        <message>
            <source>Müdürlüklere ve durumlarına göre talepler</source>
            <translation>Requests by directorate and status</translation>
        </message>
        <message>
            <source>Süresi geçmiş: bugün hâlâ açık ve son günü geçmiş. Bildirim oranı: kime iletileceği belli olan cevaplardan {0} saat içinde vatandaşa iletilenlerin payı; süresi dolmamış ve henüz iletilmemiş cevaplar sayılmaz.</source>
            <translation>Overdue: still open today and past the due date. Informing rate: the share of answers with a known recipient that were passed on to the citizen within {0} hours; answers not yet due and not yet passed on are not counted.</translation>
        </message>
        <message>
            <source>Başvuru (dönemde alınan)</source>
            <translation>Applications (received in the period)</translation>
        </message>
        <message>
            <source>Onaylanan (planlı ve teslim dahil)</source>
            <translation>Approved (incl. planned and delivered)</translation>
        </message>
        <message>
            <source>Dönemde teslim edilen set</source>
            <translation>Sets delivered in the period</translation>
        </message>
        <message>
            <source>  adrese teslim</source>
            <translation>  home delivery</translation>
        </message>
        <message>
            <source>  masadan teslim</source>
            <translation>  desk pickup</translation>
        </message>
        <message>
            <source>Başarısız teslim denemesi</source>
            <translation>Failed delivery attempts</translation>
        </message>
        <message>
            <source>Planlı (bekleyen) teslimat</source>
            <translation>Planned (waiting) deliveries</translation>
        </message>
        <message>
            <source>Aşama</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>Sayı</source>
            <translation>Count</translation>
        </message>
        <message>
            <source>Durumlar dönemde alınan başvuruların bugünkü durumudur; teslim sayıları dönem içinde yapılan teslimlerdir.</source>
            <translation>Statuses are today's statuses of the applications received in the period; delivery counts are the deliveries made in the period.</translation>
        </message>
        <message>
            <source>Başarısız ziyaret: SMS ile hatırlatılan</source>
            <translation>Failed visits: reminded by SMS</translation>
        </message>
        <message>
            <source>Başarısız ziyaret: hatırlatılmayan</source>
            <translation>Failed visits: not reminded</translation>
        </message>
        <message>
            <source>Hafta</source>
            <translation>Week</translation>
        </message>
        <message>
            <source>Bu hafta</source>
            <translation>This week</translation>
        </message>
        <message>
            <source>Bu ay</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>Bu yıl</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>Yıl</source>
            <translation>Year</translation>
        </message>
        <message>
            <source>Özel aralık</source>
            <translation>Custom range</translation>
        </message>
        <message>
            <source>&amp;Dönem</source>
            <translation>&amp;Period</translation>
        </message>
        <message>
            <source>Yönlendirildi</source>
            <translation>Forwarded</translation>
        </message>
        <message>
            <source>İşlemde</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>Çözüldü</source>
            <translation>Resolved</translation>
        </message>
        <message>
            <source>Kapandı</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Alındı</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Onaylandı</source>
            <translation>Approved</translation>
        </message>
        <message>
            <source>Planlandı</source>
            <translation>Scheduled</translation>
        </message>
        <message>
            <source>Teslim edildi</source>
            <translation>Delivered</translation>
        </message>
        <message>
            <source>İptal</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Evde yok</source>
            <translation>Not at home</translation>
        </message>
        <message>
            <source>Adres yanlış</source>
            <translation>Wrong address</translation>
        </message>
        <message>
            <source>Kabul etmedi</source>
            <translation>Refused</translation>
        </message>
        <message>
            <source>Diğer</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Masadan teslim alma</source>
            <translation>Desk pickup</translation>
        </message>
        <message>
            <source>Masa görevlisi</source>
            <translation>Desk clerk</translation>
        </message>
        <message>
            <source>Süpervizör</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>Yönetici</source>
            <translation>Administrator</translation>
        </message>
        <message>
            <source>Pazartesi</source>
            <translation>Monday</translation>
        </message>
        <message>
            <source>Salı</source>
            <translation>Tuesday</translation>
        </message>
        <message>
            <source>Çarşamba</source>
            <translation>Wednesday</translation>
        </message>
        <message>
            <source>Perşembe</source>
            <translation>Thursday</translation>
        </message>
        <message>
            <source>Cuma</source>
            <translation>Friday</translation>
        </message>
        <message>
            <source>Cumartesi</source>
            <translation>Saturday</translation>
        </message>
        <message>
            <source>Pazar</source>
            <translation>Sunday</translation>
        </message>
        <message>
            <source>Ocak</source>
            <translation>January</translation>
        </message>
        <message>
            <source>Şubat</source>
            <translation>February</translation>
        </message>
        <message>
            <source>Mart</source>
            <translation>March</translation>
        </message>
        <message>
            <source>Nisan</source>
            <translation>April</translation>
        </message>
        <message>
            <source>Mayıs</source>
            <translation>May</translation>
        </message>
        <message>
            <source>Haziran</source>
            <translation>June</translation>
        </message>
        <message>
            <source>Temmuz</source>
            <translation>July</translation>
        </message>
        <message>
            <source>Ağustos</source>
            <translation>August</translation>
        </message>
        <message>
            <source>Eylül</source>
            <translation>September</translation>
        </message>
        <message>
            <source>Ekim</source>
            <translation>October</translation>
        </message>
        <message>
            <source>Kasım</source>
            <translation>November</translation>
        </message>
        <message>
            <source>Aralık</source>
            <translation>December</translation>
        </message>
        <message>
            <source>Pzt</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>Sal</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>Çar</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>Per</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>Cum</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>Cmt</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>Paz</source>
            <translation>Sun</translation>
        </message>
        <message>
            <source>Teslim edilemedi</source>
            <translation>Not delivered</translation>
        </message>
        <message>
            <source>Anne</source>
            <translation>Mother</translation>
        </message>
        <message>
            <source>Baba</source>
            <translation>Father</translation>
        </message>
        <message>
            <source>Büyükanne</source>
            <translation>Grandmother</translation>
        </message>
        <message>
            <source>Büyükbaba</source>
            <translation>Grandfather</translation>
        </message>
        <message>
            <source>Kardeş</source>
            <translation>Sibling</translation>
        </message>
        <message>
            <source>Akraba</source>
            <translation>Relative</translation>
        </message>
        <message>
            <source>Komşu</source>
            <translation>Neighbour</translation>
        </message>
        <message>
            <source>Müdürlük cevabı</source>
            <translation>Directorate's answer</translation>
        </message>
        <message>
            <source>Durum değişti</source>
            <translation>Status changed</translation>
        </message>
        <message>
            <source>Yüz yüze</source>
            <translation>In person</translation>
        </message>
        <message>
            <source>Yazılı</source>
            <translation>In writing</translation>
        </message>
        <message>
            <source>Başvuru alındı</source>
            <translation>Application received</translation>
        </message>
        <message>
            <source>Uygunluk kontrolü</source>
            <translation>Eligibility check</translation>
        </message>
        <message>
            <source>Süpervizör kararı</source>
            <translation>Supervisor decision</translation>
        </message>
        <message>
            <source>Teslimat planlandı</source>
            <translation>Delivery scheduled</translation>
        </message>
        <message>
            <source>Teslim denemesi</source>
            <translation>Delivery attempt</translation>
        </message>
        <message>
            <source>Aynı bebek T.C. Kimlik No</source>
            <translation>Same baby T.C. ID No.</translation>
        </message>
        <message>
            <source>Aynı bebek için onaylı başvuru</source>
            <translation>Approved application for the same baby</translation>
        </message>
        <message>
            <source>Aynı veli ve doğum tarihi</source>
            <translation>Same parent and date of birth</translation>
        </message>
        <message>
            <source>Aynı telefon, adres ve doğum tarihi</source>
            <translation>Same phone, address and date of birth</translation>
        </message>
        <message>
            <source>Benzer isimler ve yakın doğum tarihi</source>
            <translation>Similar names and close dates of birth</translation>
        </message>
        <message>
            <source>Okunamayan kod</source>
            <translation>Unreadable code</translation>
        </message>
        <message>
            <source>Sahte ya da hatalı kod</source>
            <translation>Forged or faulty code</translation>
        </message>
        <message>
            <source>Bilinmeyen teslimat</source>
            <translation>Unknown delivery</translation>
        </message>
        <message>
            <source>Geçersiz fiş (yeniden basılmış)</source>
            <translation>Void slip (reprinted)</translation>
        </message>
        <message>
            <source>Daha önce işlenmiş fiş</source>
            <translation>Slip already processed</translation>
        </message>
        <message>
            <source>İptal edilmiş teslimat</source>
            <translation>Cancelled delivery</translation>
        </message>
        <message>
            <source>Eksik ya da hatalı bilgi</source>
            <translation>Missing or invalid information</translation>
        </message>
        <message>
            <source>Gönderiliyor</source>
            <translation>Sending</translation>
        </message>
        <message>
            <source>Teslim planlandı</source>
            <translation>Delivery booked</translation>
        </message>
        <message>
            <source>Teslimden bir gün önce hatırlatma</source>
            <translation>Day-before reminder</translation>
        </message>
        <message>
            <source>Evde bulunamadı</source>
            <translation>Not found at home</translation>
        </message>
        <message>
            <source>Talep cevaplandı</source>
            <translation>Request answered</translation>
        </message>
        <message>
            <source>Aynı gün bu ekip aynı mahalleye gidiyor.</source>
            <translation>This team visits the same neighbourhood that day.</translation>
        </message>
        <message>
            <source>Boş yeri olan ilk gün.</source>
            <translation>The first day with a free slot.</translation>
        </message>
        <message>
            <source>Masadan teslim için boş yeri olan ilk saat.</source>
            <translation>The first desk pickup time with a free slot.</translation>
        </message>
        <message>
            <source>Gönül Kapısı Ön Masa — Çorum Belediyesi</source>
            <translation type="vanished">Gönül Kapısı Front Desk — Çorum Municipality</translation>
        </message>
        <message>
            <source> · kural sürümü {0}</source>
            <translation type="vanished"> · rule version {0}</translation>
        </message>
    </context>
</TS>
