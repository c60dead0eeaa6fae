; Inno Setup 6 script of the Windows installer of desk_app (Gönül Kapısı Ön Masa).
; Build dist\desk_app first (packaging\build.ps1 does both), then from the checkout:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\desk_app.iss
;   (optional: /DAppVersion=0.2.0, /DBuildDir=<folder of the frozen build>,
;   /DCompression=lzma2/fast) -> dist\installer\desk_app-<version>-setup.exe
; Needs Inno Setup 6.4 or later (CopyFile, x64compatible, SaveStringsToUTF8FileWithoutBOM).
; Step by step for the municipality's IT: packaging\README.md. Checked under wine on Linux by
; packaging/check_installer.sh (compile, silent install in each mode, reinstall, uninstall).
;
; What it does on a desk (installs for all users, needs administrator rights):
; * copies the frozen build to "C:\Program Files\Corum Belediyesi\Gonul Kapisi";
; * Start-menu shortcuts (the program, its self-check, uninstall), optional desktop shortcut;
; * asks for the database: the shared PostgreSQL server (server, port, database name, sslmode,
;   root certificate, and how people sign in: their Windows session through SSPI/Kerberos, or a
;   personal password typed at the login window) or the embedded SQLite database of this PC;
; * writes the desk's config file C:\ProgramData\CorumBelediyesi\desk_app\config.ini and points
;   the machine-wide variable DESK_APP_CONFIG at it (desk_app.settings reads that variable).
; The desk holds no database password: no password page, no pgpass.conf, no PGPASSFILE. An
; upgrade from the installers that wrote them removes the old pgpass.conf and the variable.
; Uninstalling removes the program, the shortcuts and the variable and keeps the data:
; config.ini, the embedded database and the root certificate in C:\ProgramData.
;
; Unattended install (the wizard's answers as parameters):
;   desk_app-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /DBMODE=postgres /PGHOST=db.corum.bel.tr
;     /PGPORT=5432 /PGDATABASE=desk_app /SSLMODE=verify-full
;     /SSLROOTCERT=\\dosya\bilgi-islem\desk_app\kok.crt /AUTH=sspi
;   desk_app-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /DBMODE=embedded
; A wrong answer (bad port, verify-full without a certificate, an unknown /DBMODE, /SSLMODE or
; /AUTH) stops an unattended install before anything is installed (exit code 2, see /LOG).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BuildDir
  #define BuildDir "..\..\dist\desk_app"
#endif
#ifndef Compression
  #define Compression "lzma2/max"
#endif
#define AppName "Gönül Kapısı Ön Masa"
#define AppPublisher "T.C. Çorum Belediyesi"
#define AppExe "desk-app.exe"
#define CliExe "desk-app-cli.exe"

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
Compression={#Compression}
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
#ifdef SignTool
; packaging\build.ps1 passes /Sdesksign=... /DSignTool=desksign when a certificate is configured.
SignTool={#SignTool}
SignedUninstaller=yes
#endif

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
tr.PgPageText=Bilgileri bilgi işlemden alın. Bu masaya parola yazılmaz: herkes veritabanına kendi adıyla bağlanır.
tr.PgHost=Sunucu (ad veya IP adresi):
tr.PgPort=Port:
tr.PgDatabase=Veritabanı adı:
tr.TlsPageCaption=Güvenli bağlantı (TLS)
tr.TlsPageDescription=Sunucuya şifreli bağlantı ve sunucu kimliğinin denetimi
tr.TlsPageText=Önerilen: verify-full ve sunucunun sertifikasını imzalayan kök sertifika (.crt/.pem). verify-ca ve verify-full kök sertifika ister.
tr.TlsMode=Bağlantı güvenliği (sslmode):
tr.TlsRootCert=Kök sertifika dosyası:
tr.TlsRootCertFilter=Sertifikalar (*.crt;*.pem;*.cer)|*.crt;*.pem;*.cer|Bütün dosyalar|*.*
tr.AuthPageCaption=Oturum açma
tr.AuthPageDescription=Bu masada çalışanlar veritabanına nasıl bağlanacak?
tr.AuthPageText=Herkes kendi adıyla bağlanır; masada ortak parola tutulmaz. Windows oturumu, sunucu etki alanına (Active Directory) bağlıysa parola sormadan bağlanır.
tr.AuthPassword=Kişisel parola (herkes kendi parolasını giriş penceresinde yazar)
tr.AuthSspi=Windows oturumu (SSPI/Kerberos)
tr.ErrHost=Sunucu adını yazın (harf, rakam, nokta ve tire).
tr.ErrPort=Port 1 ile 65535 arasında bir sayı olmalı (PostgreSQL'in olağan portu 5432).
tr.ErrDatabase=Veritabanı adını yazın (harf, rakam, alt çizgi, nokta, tire).
tr.ErrCert=%1 için sunucunun kök sertifika dosyasını seçin.
tr.ErrCertCopy=Kök sertifika kopyalanamadı: %1
tr.ErrWrite=Dosya yazılamadı: %1
tr.ErrParam=Geçersiz parametre /%1=%2; geçerli değerler: %3
tr.MemoDatabase=Veritabanı:
tr.MemoEmbedded=Gömülü veritabanı (SQLite):
tr.MemoRootCert=Kök sertifika:
tr.MemoAuth=Oturum açma:
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
en.PgPageText=Ask IT for these values. No password is stored on this desk: everyone connects to the database under their own name.
en.PgHost=Server (name or IP address):
en.PgPort=Port:
en.PgDatabase=Database name:
en.TlsPageCaption=Secure connection (TLS)
en.TlsPageDescription=Encryption and verification of the server's identity
en.TlsPageText=Recommended: verify-full with the root certificate (.crt/.pem) that signed the server's certificate. verify-ca and verify-full need the root certificate.
en.TlsMode=Connection security (sslmode):
en.TlsRootCert=Root certificate file:
en.TlsRootCertFilter=Certificates (*.crt;*.pem;*.cer)|*.crt;*.pem;*.cer|All files|*.*
en.AuthPageCaption=Signing in
en.AuthPageDescription=How do the people at this desk connect to the database?
en.AuthPageText=Everyone connects under their own name; no shared password is kept on the desk. The Windows session connects without a password when the server belongs to the domain (Active Directory).
en.AuthPassword=Personal password (each person types their own at the login window)
en.AuthSspi=Windows session (SSPI/Kerberos)
en.ErrHost=Enter the server name (letters, digits, dots and hyphens).
en.ErrPort=The port must be a number from 1 to 65535 (PostgreSQL's usual port is 5432).
en.ErrDatabase=Enter the database name (letters, digits, underscore, dot, hyphen).
en.ErrCert=Choose the server's root certificate file for %1.
en.ErrCertCopy=Cannot copy the root certificate: %1
en.ErrWrite=Cannot write the file: %1
en.ErrParam=Invalid parameter /%1=%2; valid values: %3
en.MemoDatabase=Database:
en.MemoEmbedded=Embedded database (SQLite):
en.MemoRootCert=Root certificate:
en.MemoAuth=Signing in:
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
; config file.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "DESK_APP_CONFIG"; ValueData: "{commonappdata}\CorumBelediyesi\desk_app\config.ini"; Flags: uninsdeletevalue

[Run]
; Runs elevated from Setup itself, which has DESK_APP_CONFIG set (see ssPostInstall); the
; desk's users start the program from the Start menu.
Filename: "{cmd}"; Parameters: "/k """"{app}\{#CliExe}"" --self-check"""; WorkingDir: "{app}"; Description: "{cm:RunSelfCheck}"; Flags: postinstall skipifsilent nowait runascurrentuser

[UninstallDelete]
; Left by earlier installers (a shared password file): never kept, nor its folder. The data
; folder (config.ini, the embedded database) stays.
Type: files; Name: "{commonappdata}\CorumBelediyesi\postgresql\pgpass.conf"
Type: dirifempty; Name: "{commonappdata}\CorumBelediyesi\postgresql"

[Code]
const
  EnvironmentKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

var
  ModePage: TInputOptionWizardPage;
  PgPage: TInputQueryWizardPage;
  TlsPage: TInputFileWizardPage;
  AuthPage: TInputOptionWizardPage;
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

{ Where earlier installers kept one shared database password for the whole PC. }
function OldPgPassDir: String;
begin
  Result := ExpandConstant('{commonappdata}\CorumBelediyesi\postgresql');
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

{ The value written as `auth` in config.ini; the order of AuthPage's choices. }
function AuthKind: String;
begin
  if AuthPage.SelectedValueIndex = 1 then
    Result := 'sspi'
  else
    Result := 'password';
end;

function AuthLabel: String;
begin
  if AuthKind = 'sspi' then
    Result := CustomMessage('AuthSspi')
  else
    Result := CustomMessage('AuthPassword');
end;

{ A value from the command line (/NAME=value), else the previous install's answer, else Default. }
function Initial(const Param, Key, Default: String): String;
begin
  Result := Trim(ExpandConstant('{param:' + Param + '|}'));
  if Result = '' then
    Result := GetPreviousData(Key, Default);
end;

{ Letters, digits and the characters of Extra only (what desk_app's config needs unquoted). }
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

{ A command-line value that must be one of Allowed ('|a|b|c|'); empty means not given. }
function ParamAllowed(const Param, Allowed: String): Boolean;
var
  Value: String;
begin
  Value := Lowercase(Trim(ExpandConstant('{param:' + Param + '|}')));
  Result := (Value = '') or (Pos('|' + Value + '|', Allowed) > 0);
  if not Result then
  begin
    Log(Format('Refused: /%s=%s', [Param, Value]));
    SuppressibleMsgBox(FmtMessage(CustomMessage('ErrParam'), [Param, Value, Allowed]), mbError,
      MB_OK, IDOK);
  end;
end;

function InitializeSetup: Boolean;
begin
  Result := ParamAllowed('DBMODE', '|postgres|embedded|') and
    ParamAllowed('SSLMODE', '|verify-full|verify-ca|require|prefer|disable|') and
    ParamAllowed('AUTH', '|sspi|password|');
end;

function SqliteUrl: String;
var
  SqlitePath: String;
begin
  SqlitePath := DataDir + '\desk_app.sqlite3';
  StringChangeEx(SqlitePath, '\', '/', True);
  Result := 'sqlite:///' + SqlitePath;
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
  PgPage.Values[0] := Initial('PGHOST', 'PgHost', '');
  PgPage.Values[1] := Initial('PGPORT', 'PgPort', '5432');
  PgPage.Values[2] := Initial('PGDATABASE', 'PgDatabase', 'desk_app');

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

  AuthPage := CreateInputOptionPage(TlsPage.ID, CustomMessage('AuthPageCaption'),
    CustomMessage('AuthPageDescription'), CustomMessage('AuthPageText'), True, False);
  AuthPage.Add(CustomMessage('AuthPassword'));
  AuthPage.Add(CustomMessage('AuthSspi'));
  if Lowercase(Initial('AUTH', 'Auth', 'password')) = 'sspi' then
    AuthPage.SelectedValueIndex := 1
  else
    AuthPage.SelectedValueIndex := 0;
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  Result := ((PageID = PgPage.ID) or (PageID = TlsPage.ID) or (PageID = AuthPage.ID)) and
    not UsePostgres;
end;

function Refuse(const Message: String): Boolean;
begin
  Log('Refused: ' + Message);
  SuppressibleMsgBox(Message, mbError, MB_OK, IDOK);
  Result := False;
end;

function NextButtonClick(CurPageID: Integer): Boolean;
var
  Port: Integer;
begin
  Result := True;
  if (CurPageID = PgPage.ID) and UsePostgres then
  begin
    Port := StrToIntDef(Trim(PgPage.Values[1]), 0);
    if not IsPlainName(Trim(PgPage.Values[0]), '.-') then
      Result := Refuse(CustomMessage('ErrHost'))
    else if (Port < 1) or (Port > 65535) or not IsPlainName(Trim(PgPage.Values[1]), '') then
      Result := Refuse(CustomMessage('ErrPort'))
    else if not IsPlainName(Trim(PgPage.Values[2]), '_.-') then
      Result := Refuse(CustomMessage('ErrDatabase'));
  end
  else if (CurPageID = TlsPage.ID) and UsePostgres and NeedsRootCert then
  begin
    { A reinstall may keep the certificate copied by the previous install. }
    if not (FileExists(Trim(TlsPage.Values[0])) or
            ((Trim(TlsPage.Values[0]) = '') and FileExists(RootCertFile))) then
      Result := Refuse(FmtMessage(CustomMessage('ErrCert'), [SslMode]));
  end;
end;

{ Adds Part to the memo after a blank line; an empty part (e.g. the folder on a reinstall, whose
  page is skipped) adds nothing, so the page never starts or ends with blank lines. }
procedure AddPart(var Memo: String; const Part, NewLine: String);
begin
  if Part = '' then
    Exit;
  if Memo <> '' then
    Memo := Memo + NewLine + NewLine;
  Memo := Memo + Part;
end;

function UpdateReadyMemo(Space, NewLine, MemoUserInfoInfo, MemoDirInfo, MemoTypeInfo,
  MemoComponentsInfo, MemoGroupInfo, MemoTasksInfo: String): String;
var
  Db: String;
begin
  if UsePostgres then
  begin
    Db := CustomMessage('MemoDatabase') + NewLine + Space + 'postgresql://' +
      Trim(PgPage.Values[0]) + ':' + Trim(PgPage.Values[1]) + '/' + Trim(PgPage.Values[2]) +
      NewLine + Space + 'sslmode=' + SslMode;
    if NeedsRootCert then
      Db := Db + NewLine + CustomMessage('MemoRootCert') + NewLine + Space + RootCertFile;
    Db := Db + NewLine + CustomMessage('MemoAuth') + NewLine + Space + AuthLabel;
  end
  else
    Db := CustomMessage('MemoEmbedded') + NewLine + Space + DataDir + '\desk_app.sqlite3';
  Result := '';
  AddPart(Result, MemoDirInfo, NewLine);
  AddPart(Result, MemoGroupInfo, NewLine);
  AddPart(Result, MemoTasksInfo, NewLine);
  AddPart(Result, Db, NewLine);
  AddPart(Result, CustomMessage('MemoConfig') + NewLine + Space + ConfigFile, NewLine);
end;

{ The Ready page's text in the setup log (packaging/check_installer.sh reads it). }
procedure CurPageChanged(CurPageID: Integer);
begin
  if CurPageID = wpReady then
    Log('Ready page: [' + WizardForm.ReadyMemo.Text + ']');
end;

procedure RegisterPreviousData(PreviousDataKey: Integer);
begin
  if UsePostgres then
    SetPreviousData(PreviousDataKey, 'DbMode', 'postgres')
  else
    SetPreviousData(PreviousDataKey, 'DbMode', 'embedded');
  SetPreviousData(PreviousDataKey, 'PgHost', Trim(PgPage.Values[0]));
  SetPreviousData(PreviousDataKey, 'PgPort', Trim(PgPage.Values[1]));
  SetPreviousData(PreviousDataKey, 'PgDatabase', Trim(PgPage.Values[2]));
  SetPreviousData(PreviousDataKey, 'SslMode', SslMode);
  SetPreviousData(PreviousDataKey, 'Auth', AuthKind);
end;

procedure SetConfig(const Key, Value: String);
begin
  if not SetIniString('database', Key, Value, ConfigFile) then
    SuppressibleMsgBox(FmtMessage(CustomMessage('ErrWrite'), [ConfigFile]), mbError, MB_OK, IDOK);
end;

{ [database] of config.ini: in PostgreSQL mode exactly host, port, dbname, sslmode, sslrootcert
  (verify-ca/verify-full only) and auth; in embedded mode the url of the SQLite file. What the
  other mode wrote (and `url` of earlier installers) is removed; other sections and keys
  (e.g. [desk] language) are kept. config.ini holds only ASCII (checked above), so the Windows
  INI functions write valid UTF-8 for desk_app.settings. }
procedure WriteConfig;
var
  Cert: String;
begin
  ForceDirectories(DataDir);
  if UsePostgres then
  begin
    DeleteIniEntry('database', 'url', ConfigFile);
    SetConfig('host', Trim(PgPage.Values[0]));
    SetConfig('port', Trim(PgPage.Values[1]));
    SetConfig('dbname', Trim(PgPage.Values[2]));
    SetConfig('sslmode', SslMode);
    if NeedsRootCert then
    begin
      Cert := Trim(TlsPage.Values[0]);
      if (Cert <> '') and (CompareText(Cert, RootCertFile) <> 0) then
        if not CopyFile(Cert, RootCertFile, False) then
          SuppressibleMsgBox(FmtMessage(CustomMessage('ErrCertCopy'), [Cert]), mbError, MB_OK, IDOK);
      SetConfig('sslrootcert', RootCertFile);
    end
    else
      DeleteIniEntry('database', 'sslrootcert', ConfigFile);
    SetConfig('auth', AuthKind);
  end
  else
  begin
    SetConfig('url', SqliteUrl);
    DeleteIniEntry('database', 'host', ConfigFile);
    DeleteIniEntry('database', 'port', ConfigFile);
    DeleteIniEntry('database', 'dbname', ConfigFile);
    DeleteIniEntry('database', 'sslmode', ConfigFile);
    DeleteIniEntry('database', 'sslrootcert', ConfigFile);
    DeleteIniEntry('database', 'auth', ConfigFile);
  end;
end;

{ Earlier installers kept one database password for the whole PC: remove the file, its
  folder and the machine-wide PGPASSFILE, in either mode. }
procedure RemoveOldPassword;
begin
  if FileExists(OldPgPassDir + '\pgpass.conf') then
  begin
    Log('Removing the shared password file of an older installer: ' + OldPgPassDir + '\pgpass.conf');
    DeleteFile(OldPgPassDir + '\pgpass.conf');
  end;
  RemoveDir(OldPgPassDir);
  RegDeleteValue(HKLM, EnvironmentKey, 'PGPASSFILE');
  SetEnvironmentVariable('PGPASSFILE', '');
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    RemoveOldPassword;
    WriteConfig;
    { For the self-check started from the last page: Setup's own environment predates the
      machine-wide variable of [Registry]. }
    SetEnvironmentVariable('DESK_APP_CONFIG', ConfigFile);
  end;
end;
