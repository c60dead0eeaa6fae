# Windows build of desk_app, from the lock to the signed installer. Run from any folder in
# PowerShell 5.1 or 7 on a Windows 10/11 x64 build machine (not a desk):
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1              everything
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 -NoInstaller  no installer
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 -NoCheck      no self-check
# Steps (it stops at the first error):
#   1. .venv with Python 3.12 x64 ("py -3.12", else "python"; -Python chooses another);
#   2. pip install --require-hashes -r requirements.lock (exact versions and hashes, made from
#      pyproject.toml by scripts/lock.sh), then desk_app itself without dependencies;
#   3. the translations, then PyInstaller: dist\desk_app\ (desk-app.exe without a console,
#      desk-app-cli.exe with one, _internal\);
#   4. signs desk-app.exe and desk-app-cli.exe when a certificate is configured (below);
#   5. dist\desk_app\desk-app-cli.exe --self-check on a fresh SQLite file;
#   6. Inno Setup's ISCC.exe (6.4 or later; -Iscc, $env:ISCC, the usual install folders or PATH)
#      compiles packaging\windows\desk_app.iss into dist\installer\desk_app-<version>-setup.exe;
#      with a certificate ISCC signs the setup and its uninstaller too.
# Code signing: set ONE of
#   $env:DESK_APP_SIGN_CERT_SHA1      thumbprint of a code-signing certificate in the user's or
#                                     the machine's certificate store (a token/HSM works this way)
#   $env:DESK_APP_SIGN_PFX            a .pfx file, with $env:DESK_APP_SIGN_PFX_PASSWORD (the
#                                     password then stands on signtool's and ISCC's command
#                                     lines: prefer importing the .pfx and using the thumbprint)
# and $env:DESK_APP_SIGN_TIMESTAMP_URL (the RFC 3161 time-stamp server of the certificate's
# vendor; without a time stamp the signature dies with the certificate). signtool.exe comes from
# the Windows SDK (-SignTool or $env:SIGNTOOL, else found in PATH or the Windows Kits folder).
# Without a certificate the build says so and goes on: SmartScreen then warns on every desk.
param(
    [switch]$NoCheck,
    [switch]$NoInstaller,
    [string]$Python = "",
    [string]$Iscc = "",
    [string]$SignTool = ""
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Venv = if ($env:DESK_APP_VENV) { $env:DESK_APP_VENV } else { Join-Path $Root ".venv" }
$Py = Join-Path $Venv "Scripts\python.exe"

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# --- 1. the virtual environment ---------------------------------------------------------------
if (-not (Test-Path $Py)) {
    $PyArgs = @()
    if (-not $Python) {
        if (Get-Command py -ErrorAction SilentlyContinue) { $Python = "py"; $PyArgs = @("-3.12") }
        else { $Python = "python" }
    }
    Write-Host "Creating the virtual environment $Venv"
    Invoke-Checked $Python ($PyArgs + @("-m", "venv", $Venv))
}
$PyVersion = & $Py -c "import platform, sys; print(f'{sys.version_info[0]}.{sys.version_info[1]} {platform.machine()}')"
if ($PyVersion -ne "3.12 AMD64") {
    Write-Warning "The lock is checked for CPython 3.12 x64 (packaging/check_windows_wheels.py); this is $PyVersion."
}

# --- 2. the locked dependencies, then desk_app ------------------------------------------------
Invoke-Checked $Py @("-m", "pip", "install", "-q", "--upgrade", "pip")
Invoke-Checked $Py @("-m", "pip", "install", "-q", "--require-hashes", "-r", (Join-Path $Root "requirements.lock"))
Invoke-Checked $Py @("-m", "pip", "install", "-q", "--no-deps", "-e", $Root)

# --- 3. translations and PyInstaller ----------------------------------------------------------
if ((Test-Path "scripts\i18n.py") -and (Test-Path "resources\translations\*.ts")) {
    Invoke-Checked $Py @("scripts\i18n.py", "release")
}
$Started = Get-Date
$PyInstallerVersion = & $Py -m PyInstaller --version
Write-Host "Building dist\desk_app with PyInstaller $PyInstallerVersion"
Invoke-Checked $Py @(
    "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", (Join-Path $Root "dist"), "--workpath", (Join-Path $Root "build\pyinstaller"),
    "packaging\desk_app.spec"
)
$Seconds = [int]((Get-Date) - $Started).TotalSeconds
$Bytes = (Get-ChildItem -Recurse -File "dist\desk_app" | Measure-Object -Sum Length).Sum
Write-Host ("Built dist\desk_app in {0} s, {1:N0} MB." -f $Seconds, ($Bytes / 1MB))

# --- 4. code signing ----------------------------------------------------------------------------
function Find-SignTool {
    if ($SignTool) { return $SignTool }
    if ($env:SIGNTOOL) { return $env:SIGNTOOL }
    $OnPath = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($OnPath) { return $OnPath.Source }
    $Kits = Join-Path ${env:ProgramFiles(x86)} "Windows Kits\10\bin"
    if (Test-Path $Kits) {
        $Found = Get-ChildItem -Path $Kits -Recurse -Filter signtool.exe -ErrorAction SilentlyContinue |
            Where-Object { $_.FullName -match "\\x64\\" } | Sort-Object FullName -Descending | Select-Object -First 1
        if ($Found) { return $Found.FullName }
    }
    throw "A signing certificate is configured but signtool.exe was not found: install the Windows SDK or pass -SignTool."
}

# The arguments of "signtool sign" for the configured certificate, or $null when none is.
$SignArgs = $null
if ($env:DESK_APP_SIGN_CERT_SHA1) {
    $SignArgs = @("sign", "/sha1", $env:DESK_APP_SIGN_CERT_SHA1, "/fd", "SHA256")
} elseif ($env:DESK_APP_SIGN_PFX) {
    if (-not (Test-Path $env:DESK_APP_SIGN_PFX)) { throw "DESK_APP_SIGN_PFX: no file $env:DESK_APP_SIGN_PFX" }
    $SignArgs = @("sign", "/f", $env:DESK_APP_SIGN_PFX, "/fd", "SHA256")
    if ($env:DESK_APP_SIGN_PFX_PASSWORD) { $SignArgs += @("/p", $env:DESK_APP_SIGN_PFX_PASSWORD) }
}
if ($SignArgs) {
    $SignToolExe = Find-SignTool
    if ($env:DESK_APP_SIGN_TIMESTAMP_URL) {
        $SignArgs += @("/tr", $env:DESK_APP_SIGN_TIMESTAMP_URL, "/td", "SHA256")
    } else {
        Write-Warning "No DESK_APP_SIGN_TIMESTAMP_URL: the signatures will not be time-stamped and expire with the certificate."
    }
    $Exes = @("dist\desk_app\desk-app.exe", "dist\desk_app\desk-app-cli.exe")
    Write-Host "Signing $($Exes -join ', ') with $SignToolExe"
    Invoke-Checked $SignToolExe ($SignArgs + $Exes)
    Invoke-Checked $SignToolExe (@("verify", "/pa") + $Exes)
} else {
    Write-Warning ("NOT SIGNED: no code-signing certificate configured (DESK_APP_SIGN_CERT_SHA1 or " +
        "DESK_APP_SIGN_PFX). Windows SmartScreen and the antivirus will warn on every desk; sign " +
        "before giving the setup to the desks (packaging\README.md).")
}

# --- 5. the self-check of the frozen program ---------------------------------------------------
if (-not $NoCheck) {
    $Tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("desk_app-build-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Tmp | Out-Null
    $Saved = @{ DB = $env:DESK_APP_DB; CONFIG = $env:DESK_APP_CONFIG }
    try {
        # Only the built folder is under test: no config file or DESK_APP_DB of this machine.
        Remove-Item Env:DESK_APP_DB -ErrorAction SilentlyContinue
        $env:DESK_APP_CONFIG = Join-Path $Tmp "config.ini"
        $Db = "sqlite:///" + ((Join-Path $Tmp "self-check.sqlite3") -replace "\\", "/")
        Write-Host "Self-check of the frozen program (fresh SQLite database)"
        Invoke-Checked "dist\desk_app\desk-app-cli.exe" @("--self-check", "--db", $Db)
    } finally {
        $env:DESK_APP_DB = $Saved.DB
        $env:DESK_APP_CONFIG = $Saved.CONFIG
        Remove-Item -Recurse -Force $Tmp -ErrorAction SilentlyContinue
    }
}

# --- 6. the installer ----------------------------------------------------------------------------
if (-not $NoInstaller) {
    if (-not $Iscc) { $Iscc = $env:ISCC }
    if (-not $Iscc) {
        foreach ($Candidate in @(
                (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
                (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
                (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe"))) {
            if (Test-Path $Candidate) { $Iscc = $Candidate; break }
        }
    }
    if (-not $Iscc) {
        $OnPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
        if ($OnPath) { $Iscc = $OnPath.Source }
    }
    if (-not $Iscc) { throw "ISCC.exe (Inno Setup 6.4 or later) not found: install it or pass -Iscc." }
    $AppVersion = & $Py -c "import desk_app; print(desk_app.__version__)"
    $IsccArgs = @("/DAppVersion=$AppVersion", "/DBuildDir=$(Join-Path $Root 'dist\desk_app')")
    if ($SignArgs) {
        # ISCC signs the setup and the uninstaller it embeds with this tool ($f: the file).
        $Quoted = ($SignArgs | ForEach-Object { if ($_ -match "\s") { "`$q$_`$q" } else { $_ } }) -join " "
        $IsccArgs += @("/Sdesksign=`$q$SignToolExe`$q $Quoted `$f", "/DSignTool=desksign")
    }
    $IsccArgs += "packaging\windows\desk_app.iss"
    Write-Host "Compiling the installer with $Iscc"
    # Windows PowerShell 5.1 turns a native program's stderr into errors: collect it instead.
    $ErrorActionPreference = "Continue"
    $IsccOutput = & $Iscc @IsccArgs 2>&1 | ForEach-Object { "$_" }
    $IsccExit = $LASTEXITCODE
    $ErrorActionPreference = "Stop"
    $IsccOutput | ForEach-Object { Write-Host $_ }
    if ($IsccExit -ne 0) { throw "ISCC failed with exit code $IsccExit" }
    $Bad = $IsccOutput | Where-Object { ("$_" -match "Error|Warning:") -and -not ("$_" -match "^\s*Compressing: ") }
    if ($Bad) { throw "ISCC reported: $($Bad -join '; ')" }
    $Setup = Join-Path $Root "dist\installer\desk_app-$AppVersion-setup.exe"
    if ($SignArgs) { Invoke-Checked $SignToolExe @("verify", "/pa", $Setup) }
    Write-Host "Installer: $Setup"
}
