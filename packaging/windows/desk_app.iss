; Inno Setup 6 script of the Windows installer of desk_app (Gönül Kapısı Ön Masa).
; Build dist\desk_app first (packaging\build.ps1), then from the checkout:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\desk_app.iss
;   (optional: /DAppVersion=0.2.0) -> dist\installer\desk_app-<version>-setup.exe
; Needs Inno Setup 6.3 or later (x64compatible, SaveStringsToUTF8FileWithoutBOM).
; Step by step for the municipality's IT: packaging\README.md.
;
; What it does on a desk (installs for all users, needs administrator rights):
; * copies dist\desk_app to "C:\Program Files\Corum Belediyesi\Gonul Kapisi";
; * Start-menu shortcuts (the program, its self-check, uninstall), optional desktop shortcut;
; * asks for the database: the shared PostgreSQL server (server, port, database, user, optional
;   password, sslmode, root certificate) or the embedded SQLite database of this computer;
; * writes the desk's config file C:\ProgramData\CorumBelediyesi\desk_app\config.ini and points
;   the machine-wide variable DESK_APP_CONFIG at it (desk_app.settings reads that variable);
; * a password, when given, goes only to C:\ProgramData\CorumBelediyesi\postgresql\pgpass.conf
;   (machine-wide variable PGPASSFILE), never into config.ini, the registry or the setup log.
; Uninstalling removes the program, the shortcuts, the variables and pgpass.conf and keeps the
; data: config.ini, the embedded database and the root certificate in C:\ProgramData.
;
; Unattended install (the wizard's answers as parameters; no password: copy pgpass.conf instead):
;   desk_app-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /DBMODE=postgres /PGHOST=db.corum.bel.tr
;     /PGPORT=5432 /PGDATABASE=desk_app /PGUSER=desk_app /SSLMODE=verify-full
;     /SSLROOTCERT=\\dosya\bilgi-islem\desk_app\kok.crt
;   desk_app-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /DBMODE=embedded

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Gönül Kapısı Ön Masa"
#define AppPublisher "T.C. Çorum Belediyesi"
#define AppExe "desk-app.exe"
#define CliExe "desk-app-cli.exe"
#define BuildDir "..\..\dist\desk_app"

[Setup]
AppId={{6C0E4F2A-9B37-4D51-A8E2-3F7B1C95D406}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Corum Belediyesi\Gonul Kapisi
DefaultGroupName=Gönül Kapısı
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=desk_app-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
SetupLogging=yes
ShowLanguageDialog=no
LanguageDetectionMethod=none

[Languages]
; Turkish first: the default. English for IT staff who prefer it (Setup.exe /LANG=en).
Name: "tr"; MessagesFile: "compiler:Languages\Turkish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
tr.DbPageCaption=Veritabanı
tr.DbPageDescription=Bu masa hangi veritabanını kullanacak?
tr.DbPageText=Belediyedeki masalar ortak PostgreSQL sunucusunu kullanır. Gömülü veritabanı tek bir bilgisayar, eğitim veya deneme içindir; verisi yalnızca bu bilgisayarda durur.
tr.DbModePostgres=Ortak PostgreSQL sunucusu (belediyenin bütün masaları)
tr.DbModeEmbedded=Bu bilgisayardaki gömülü veritabanı (SQLite; tek masa, deneme)
tr.PgPageCaption=PostgreSQL sunucusu
tr.PgPageDescription=Ortak veritabanı sunucusunun bağlantı bilgileri
tr.PgPageText=Bilgileri bilgi işlemden alın. Parolayı boş bırakırsanız bu masanın pgpass.conf dosyasını siz koyarsınız (bkz. packaging\README.md); yeniden kurulumda boş bırakmak var olanı korur.
tr.PgHost=Sunucu (ad veya IP adresi):
tr.PgPort=Port:
tr.PgDatabase=Veritabanı adı:
tr.PgUser=Kullanıcı:
tr.PgPassword=Parola (isteğe bağlı; yalnızca pgpass.conf dosyasına yazılır):
tr.TlsPageCaption=Güvenli bağlantı (TLS)
tr.TlsPageDescription=Sunucuya şifreli bağlantı ve sunucu kimliğinin denetimi
tr.TlsPageText=Önerilen: verify-full ve sunucunun sertifikasını imzalayan kök sertifika (.crt/.pem). verify-ca ve verify-full kök sertifika ister.
tr.TlsMode=Bağlantı güvenliği (sslmode):
tr.TlsRootCert=Kök sertifika dosyası:
tr.TlsRootCertFilter=Sertifikalar (*.crt;*.pem;*.cer)|*.crt;*.pem;*.cer|Bütün dosyalar|*.*
tr.ErrHost=Sunucu adını yazın (harf, rakam, nokta ve tire).
tr.ErrPort=Port 1 ile 65535 arasında bir sayı olmalı (PostgreSQL'in olağan portu 5432).
tr.ErrDatabase=Veritabanı adını yazın (harf, rakam, alt çizgi, nokta, tire).
tr.ErrUser=Kullanıcı adını yazın (harf, rakam, alt çizgi, nokta, tire).
tr.ErrCert=%1 için sunucunun kök sertifika dosyasını seçin.
tr.ErrCertCopy=Kök sertifika kopyalanamadı: %1
tr.ErrWrite=Dosya yazılamadı: %1
tr.MemoDatabase=Veritabanı:
tr.MemoPassword=Parola: pgpass.conf dosyasına yazılacak
tr.MemoNoPassword=Parola: girilmedi (pgpass.conf bilgi işlem tarafından konur)
tr.MemoConfig=Ayar dosyası:
tr.SelfCheckName=Gönül Kapısı kurulum denetimi
tr.RunSelfCheck=Kurulum denetimini şimdi çalıştır (veritabanı bağlantısı ve göçler)
en.DbPageCaption=Database
en.DbPageDescription=Which database will this desk use?
en.DbPageText=The municipality's desks share one PostgreSQL server. The embedded database is for a single computer, training or a trial; its data stays on this computer only.
en.DbModePostgres=The shared PostgreSQL server (all desks of the municipality)
en.DbModeEmbedded=The embedded database of this computer (SQLite; one desk, trial)
en.PgPageCaption=PostgreSQL server
en.PgPageDescription=How to reach the shared database server
en.PgPageText=Ask IT for these values. Leave the password empty if you provide this desk's pgpass.conf yourself (see packaging\README.md); when reinstalling, empty keeps the existing one.
en.PgHost=Server (name or IP address):
en.PgPort=Port:
en.PgDatabase=Database name:
en.PgUser=User:
en.PgPassword=Password (optional; written to pgpass.conf only):
en.TlsPageCaption=Secure connection (TLS)
en.TlsPageDescription=Encryption and verification of the server's identity
en.TlsPageText=Recommended: verify-full with the root certificate (.crt/.pem) that signed the server's certificate. verify-ca and verify-full need the root certificate.
en.TlsMode=Connection security (sslmode):
en.TlsRootCert=Root certificate file:
en.TlsRootCertFilter=Certificates (*.crt;*.pem;*.cer)|*.crt;*.pem;*.cer|All files|*.*
en.ErrHost=Enter the server name (letters, digits, dots and hyphens).
en.ErrPort=The port must be a number from 1 to 65535 (PostgreSQL's usual port is 5432).
en.ErrDatabase=Enter the database name (letters, digits, underscore, dot, hyphen).
en.ErrUser=Enter the user name (letters, digits, underscore, dot, hyphen).
en.ErrCert=Choose the server's root certificate file for %1.
en.ErrCertCopy=Cannot copy the root certificate: %1
en.ErrWrite=Cannot write the file: %1
en.MemoDatabase=Database:
en.MemoPassword=Password: will be written to pgpass.conf
en.MemoNoPassword=Password: not given (IT provides pgpass.conf)
en.MemoConfig=Config file:
en.SelfCheckName=Gönül Kapısı installation check
en.RunSelfCheck=Run the installation check now (database connection and migrations)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no file of an older build (e.g. a renamed migration)
; may stay behind in _internal.
Type: filesandordirs; Name: "{app}\_internal"

[Dirs]
; The desk's config file and embedded database: every user of the desk may write there (the
; program saves the interface language in config.ini; SQLite writes beside its file).
Name: "{commonappdata}\CorumBelediyesi\desk_app"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:SelfCheckName}"; Filename: "{cmd}"; Parameters: "/k """"{app}\{#CliExe}"" --self-check"""; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; Machine-wide: every user of the desk and every process started from now on reads the desk's
; config file; libpq reads the desk's password file.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "DESK_APP_CONFIG"; ValueData: "{commonappdata}\CorumBelediyesi\desk_app\config.ini"; Flags: uninsdeletevalue
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "PGPASSFILE"; ValueData: "{commonappdata}\CorumBelediyesi\postgresql\pgpass.conf"; Flags: uninsdeletevalue; Check: UsePostgres

[Run]
; Runs elevated from Setup itself, which has DESK_APP_CONFIG and PGPASSFILE set (see
; ssPostInstall); the desk's users start the program from the Start menu.
Filename: "{cmd}"; Parameters: "/k """"{app}\{#CliExe}"" --self-check"""; WorkingDir: "{app}"; Description: "{cm:RunSelfCheck}"; Flags: postinstall skipifsilent nowait runascurrentuser

[UninstallDelete]
; The password goes with the program; the data (config.ini, the embedded database) stays.
Type: files; Name: "{commonappdata}\CorumBelediyesi\postgresql\pgpass.conf"

[Code]
var
  ModePage: TInputOptionWizardPage;
  PgPage: TInputQueryWizardPage;
  TlsPage: TInputFileWizardPage;
  SslModeCombo: TNewComboBox;

function SetEnvironmentVariable(lpName, lpValue: String): Boolean;
  external 'SetEnvironmentVariableW@kernel32.dll stdcall';

function DataDir: String;
begin
  Result := ExpandConstant('{commonappdata}\CorumBelediyesi\desk_app');
end;

function ConfigFile: String;
begin
  Result := DataDir + '\config.ini';
end;

function RootCertFile: String;
begin
  Result := DataDir + '\root.crt';
end;

function PgPassFile: String;
begin
  Result := ExpandConstant('{commonappdata}\CorumBelediyesi\postgresql\pgpass.conf');
end;

function UsePostgres: Boolean;
begin
  Result := ModePage.SelectedValueIndex = 0;
end;

function SslMode: String;
begin
  Result := SslModeCombo.Items[SslModeCombo.ItemIndex];
end;

function NeedsRootCert: Boolean;
begin
  Result := (SslMode = 'verify-full') or (SslMode = 'verify-ca');
end;

{ A value from the command line (/NAME=value), else the previous install's answer, else Default. }
function Initial(const Param, Key, Default: String): String;
begin
  Result := ExpandConstant('{param:' + Param + '|}');
  if Result = '' then
    Result := GetPreviousData(Key, Default);
end;

{ Letters, digits and the characters of Extra only (what desk_app's URL needs unquoted). }
function IsPlainName(const S, Extra: String): Boolean;
var
  I: Integer;
  C: Char;
begin
  Result := S <> '';
  for I := 1 to Length(S) do
  begin
    C := S[I];
    if not (((C >= 'a') and (C <= 'z')) or ((C >= 'A') and (C <= 'Z')) or
            ((C >= '0') and (C <= '9')) or (Pos(C, Extra) > 0)) then
    begin
      Result := False;
      Exit;
    end;
  end;
end;

function DatabaseUrl: String;
var
  SqlitePath: String;
begin
  if UsePostgres then
    Result := 'postgresql://' + Trim(PgPage.Values[3]) + '@' + Trim(PgPage.Values[0]) + ':' +
      Trim(PgPage.Values[1]) + '/' + Trim(PgPage.Values[2])
  else
  begin
    SqlitePath := DataDir + '\desk_app.sqlite3';
    StringChangeEx(SqlitePath, '\', '/', True);
    Result := 'sqlite:///' + SqlitePath;
  end;
end;

procedure InitializeWizard;
var
  SslLabel: TNewStaticText;
  Offset: Integer;
begin
  ModePage := CreateInputOptionPage(wpSelectTasks, CustomMessage('DbPageCaption'),
    CustomMessage('DbPageDescription'), CustomMessage('DbPageText'), True, False);
  ModePage.Add(CustomMessage('DbModePostgres'));
  ModePage.Add(CustomMessage('DbModeEmbedded'));
  if Lowercase(Initial('DBMODE', 'DbMode', 'postgres')) = 'embedded' then
    ModePage.SelectedValueIndex := 1
  else
    ModePage.SelectedValueIndex := 0;

  PgPage := CreateInputQueryPage(ModePage.ID, CustomMessage('PgPageCaption'),
    CustomMessage('PgPageDescription'), CustomMessage('PgPageText'));
  PgPage.Add(CustomMessage('PgHost'), False);
  PgPage.Add(CustomMessage('PgPort'), False);
  PgPage.Add(CustomMessage('PgDatabase'), False);
  PgPage.Add(CustomMessage('PgUser'), False);
  PgPage.Add(CustomMessage('PgPassword'), True);
  PgPage.Values[0] := Initial('PGHOST', 'PgHost', '');
  PgPage.Values[1] := Initial('PGPORT', 'PgPort', '5432');
  PgPage.Values[2] := Initial('PGDATABASE', 'PgDatabase', 'desk_app');
  PgPage.Values[3] := Initial('PGUSER', 'PgUser', 'desk_app');

  TlsPage := CreateInputFilePage(PgPage.ID, CustomMessage('TlsPageCaption'),
    CustomMessage('TlsPageDescription'), CustomMessage('TlsPageText'));
  TlsPage.Add(CustomMessage('TlsRootCert'), CustomMessage('TlsRootCertFilter'), '.crt');
  TlsPage.Values[0] := ExpandConstant('{param:SSLROOTCERT|}');

  { The sslmode list goes above the file field: move the field down to make room. }
  SslLabel := TNewStaticText.Create(TlsPage);
  SslLabel.Parent := TlsPage.Surface;
  SslLabel.Caption := CustomMessage('TlsMode');
  SslLabel.Left := TlsPage.PromptLabels[0].Left;
  SslLabel.Top := TlsPage.PromptLabels[0].Top;
  SslModeCombo := TNewComboBox.Create(TlsPage);
  SslModeCombo.Parent := TlsPage.Surface;
  SslModeCombo.Style := csDropDownList;
  SslModeCombo.Left := TlsPage.Edits[0].Left;
  SslModeCombo.Top := SslLabel.Top + SslLabel.Height + ScaleY(4);
  SslModeCombo.Width := ScaleX(160);
  SslModeCombo.Items.Add('verify-full');
  SslModeCombo.Items.Add('verify-ca');
  SslModeCombo.Items.Add('require');
  SslModeCombo.Items.Add('prefer');
  SslModeCombo.Items.Add('disable');
  SslModeCombo.ItemIndex := SslModeCombo.Items.IndexOf(
    Lowercase(Initial('SSLMODE', 'SslMode', 'verify-full')));
  if SslModeCombo.ItemIndex < 0 then
    SslModeCombo.ItemIndex := 0;
  Offset := SslModeCombo.Top + SslModeCombo.Height + ScaleY(16) - TlsPage.PromptLabels[0].Top;
  TlsPage.PromptLabels[0].Top := TlsPage.PromptLabels[0].Top + Offset;
  TlsPage.Edits[0].Top := TlsPage.Edits[0].Top + Offset;
  TlsPage.Buttons[0].Top := TlsPage.Buttons[0].Top + Offset;
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  Result := ((PageID = PgPage.ID) or (PageID = TlsPage.ID)) and not UsePostgres;
end;

function Refuse(const Message: String): Boolean;
begin
  SuppressibleMsgBox(Message, mbError, MB_OK, IDOK);
  Result := False;
end;

function NextButtonClick(CurPageID: Integer): Boolean;
var
  Port: Integer;
begin
  Result := True;
  if CurPageID = PgPage.ID then
  begin
    Port := StrToIntDef(Trim(PgPage.Values[1]), 0);
    if not IsPlainName(Trim(PgPage.Values[0]), '.-') then
      Result := Refuse(CustomMessage('ErrHost'))
    else if (Port < 1) or (Port > 65535) then
      Result := Refuse(CustomMessage('ErrPort'))
    else if not IsPlainName(Trim(PgPage.Values[2]), '_.-') then
      Result := Refuse(CustomMessage('ErrDatabase'))
    else if not IsPlainName(Trim(PgPage.Values[3]), '_.-') then
      Result := Refuse(CustomMessage('ErrUser'));
  end
  else if (CurPageID = TlsPage.ID) and NeedsRootCert then
  begin
    { A reinstall may keep the certificate copied by the previous install. }
    if not (FileExists(Trim(TlsPage.Values[0])) or
            ((Trim(TlsPage.Values[0]) = '') and FileExists(RootCertFile))) then
      Result := Refuse(FmtMessage(CustomMessage('ErrCert'), [SslMode]));
  end;
end;

function UpdateReadyMemo(Space, NewLine, MemoUserInfoInfo, MemoDirInfo, MemoTypeInfo,
  MemoComponentsInfo, MemoGroupInfo, MemoTasksInfo: String): String;
var
  Db: String;
begin
  Db := CustomMessage('MemoDatabase') + NewLine + Space + DatabaseUrl;
  if UsePostgres then
  begin
    Db := Db + NewLine + Space + 'sslmode=' + SslMode;
    if PgPage.Values[4] <> '' then
      Db := Db + NewLine + Space + CustomMessage('MemoPassword')
    else
      Db := Db + NewLine + Space + CustomMessage('MemoNoPassword');
  end;
  Result := MemoDirInfo + NewLine + NewLine;
  if MemoGroupInfo <> '' then
    Result := Result + MemoGroupInfo + NewLine + NewLine;
  if MemoTasksInfo <> '' then
    Result := Result + MemoTasksInfo + NewLine + NewLine;
  Result := Result + Db + NewLine + NewLine + CustomMessage('MemoConfig') + NewLine + Space +
    ConfigFile;
end;

procedure RegisterPreviousData(PreviousDataKey: Integer);
begin
  { Never the password. }
  if UsePostgres then
    SetPreviousData(PreviousDataKey, 'DbMode', 'postgres')
  else
    SetPreviousData(PreviousDataKey, 'DbMode', 'embedded');
  SetPreviousData(PreviousDataKey, 'PgHost', Trim(PgPage.Values[0]));
  SetPreviousData(PreviousDataKey, 'PgPort', Trim(PgPage.Values[1]));
  SetPreviousData(PreviousDataKey, 'PgDatabase', Trim(PgPage.Values[2]));
  SetPreviousData(PreviousDataKey, 'PgUser', Trim(PgPage.Values[3]));
  SetPreviousData(PreviousDataKey, 'SslMode', SslMode);
end;

{ libpq's password file escapes ':' and '\' with a backslash. }
function PgPassField(const S: String): String;
begin
  Result := S;
  StringChangeEx(Result, '\', '\\', True);
  StringChangeEx(Result, ':', '\:', True);
end;

procedure WritePgPass;
var
  Lines: TArrayOfString;
begin
  ForceDirectories(ExtractFileDir(PgPassFile));
  SetArrayLength(Lines, 1);
  Lines[0] := PgPassField(Trim(PgPage.Values[0])) + ':' + Trim(PgPage.Values[1]) + ':' +
    PgPassField(Trim(PgPage.Values[2])) + ':' + PgPassField(Trim(PgPage.Values[3])) + ':' +
    PgPassField(PgPage.Values[4]);
  if not SaveStringsToUTF8FileWithoutBOM(PgPassFile, Lines, False) then
    SuppressibleMsgBox(FmtMessage(CustomMessage('ErrWrite'), [PgPassFile]), mbError, MB_OK, IDOK);
end;

{ config.ini holds only ASCII (checked above), so the Windows INI functions write valid UTF-8
  for desk_app.settings; other sections and keys (e.g. [desk] language) are kept. }
procedure WriteConfig;
var
  Cert: String;
begin
  ForceDirectories(DataDir);
  if not SetIniString('database', 'url', DatabaseUrl, ConfigFile) then
    SuppressibleMsgBox(FmtMessage(CustomMessage('ErrWrite'), [ConfigFile]), mbError, MB_OK, IDOK);
  if UsePostgres then
  begin
    SetIniString('database', 'sslmode', SslMode, ConfigFile);
    if NeedsRootCert then
    begin
      Cert := Trim(TlsPage.Values[0]);
      if (Cert <> '') and (CompareText(Cert, RootCertFile) <> 0) then
        if not FileCopy(Cert, RootCertFile, False) then
          SuppressibleMsgBox(FmtMessage(CustomMessage('ErrCertCopy'), [Cert]), mbError, MB_OK, IDOK);
      SetIniString('database', 'sslrootcert', RootCertFile, ConfigFile);
    end
    else
      DeleteIniEntry('database', 'sslrootcert', ConfigFile);
    if PgPage.Values[4] <> '' then
      WritePgPass;
  end
  else
  begin
    DeleteIniEntry('database', 'sslmode', ConfigFile);
    DeleteIniEntry('database', 'sslrootcert', ConfigFile);
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    WriteConfig;
    { For the self-check started from the last page: Setup's own environment predates the
      machine-wide variables of [Registry]. }
    SetEnvironmentVariable('DESK_APP_CONFIG', ConfigFile);
    if UsePostgres then
      SetEnvironmentVariable('PGPASSFILE', PgPassFile)
    else
      { Switched to the embedded database: no password file any more. }
      RegDeleteValue(HKLM, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment',
        'PGPASSFILE');
  end;
end;
