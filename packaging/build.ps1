# Windows build of the frozen desk_app: PyInstaller one-folder build into dist\desk_app\
# (desk-app.exe without a console, desk-app-cli.exe with one), then the frozen program's own
# self-check on a fresh SQLite database. Run from any folder in PowerShell 5.1 or 7:
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1            build and check
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 -NoCheck   build only
# Needs Python 3.12 (x64) from python.org on PATH as "py -3.12" or "python"; creates .venv in
# the checkout when missing and installs desk_app and PyInstaller into it.
param(
    [switch]$NoCheck,
    [string]$Python = "",
    [string]$PyInstallerSpec = "pyinstaller>=6.11,<7"
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

if (-not (Test-Path $Py)) {
    if (-not $Python) {
        if (Get-Command py -ErrorAction SilentlyContinue) { $Python = "py"; $PyArgs = @("-3.12") }
        else { $Python = "python"; $PyArgs = @() }
    } else { $PyArgs = @() }
    Write-Host "Creating the virtual environment $Venv"
    Invoke-Checked $Python ($PyArgs + @("-m", "venv", $Venv))
}
# The project (runtime dependencies only: the build needs no test tools) and PyInstaller.
Invoke-Checked $Py @("-m", "pip", "install", "-q", "--upgrade", "pip")
Invoke-Checked $Py @("-m", "pip", "install", "-q", "-e", $Root, $PyInstallerSpec)

# The translations (.qm) are built from resources\translations\*.ts, not committed.
if ((Test-Path "scripts\i18n.py") -and (Test-Path "resources\translations\*.ts")) {
    Invoke-Checked $Py @("scripts\i18n.py", "release")
}

$Started = Get-Date
$Version = & $Py -m PyInstaller --version
Write-Host "Building dist\desk_app with PyInstaller $Version"
Invoke-Checked $Py @(
    "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", (Join-Path $Root "dist"), "--workpath", (Join-Path $Root "build\pyinstaller"),
    "packaging\desk_app.spec"
)
$Seconds = [int]((Get-Date) - $Started).TotalSeconds
$Bytes = (Get-ChildItem -Recurse -File "dist\desk_app" | Measure-Object -Sum Length).Sum
Write-Host ("Built dist\desk_app in {0} s, {1:N0} MB." -f $Seconds, ($Bytes / 1MB))

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
