# Registers the SMS tasks of desk_app with the Windows Task Scheduler (run as an administrator
# on the server next to the database). The sender runs every 5 minutes with --once, the
# reminders every day at 17:00. The account needs read access to the config file only.
#
#   powershell -ExecutionPolicy Bypass -File windows-tasks.ps1 -User "CORUM\svc-deskapp"
#
# As a Windows service instead (a long-running `notify run` that stops cleanly on Ctrl+C):
#   nssm install DeskAppSms "C:\Program Files\Corum Belediyesi\Gonul Kapisi\desk-app-cli.exe" notify run
#   nssm set DeskAppSms AppEnvironmentExtra DESK_APP_CONFIG=C:\ProgramData\desk_app\config.ini
#   nssm set DeskAppSms AppStopMethodConsole 15000
#   nssm set DeskAppSms ObjectName CORUM\svc-deskapp PAROLA
#   nssm start DeskAppSms
param(
    [Parameter(Mandatory = $true)][string]$User,
    [string]$Program = "C:\Program Files\Corum Belediyesi\Gonul Kapisi\desk-app-cli.exe",
    [string]$Config = "C:\ProgramData\desk_app\config.ini"
)
$ErrorActionPreference = "Stop"
[Environment]::SetEnvironmentVariable("DESK_APP_CONFIG", $Config, "Machine")

$send = New-ScheduledTaskAction -Execute $Program -Argument "notify run --once --json"
$every5 = New-ScheduledTaskTrigger -Once -At (Get-Date).Date `
    -RepetitionInterval (New-TimeSpan -Minutes 5) -RepetitionDuration (New-TimeSpan -Days 3650)
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew `
    -ExecutionTimeLimit (New-TimeSpan -Minutes 30) -StartWhenAvailable
Register-ScheduledTask -TaskName "desk_app SMS gonderici" -Action $send -Trigger $every5 `
    -Settings $settings -User $User -Password (Read-Host "Parola ($User)") -Force

$remind = New-ScheduledTaskAction -Execute $Program -Argument "notify queue-reminders --json"
$daily = New-ScheduledTaskTrigger -Daily -At 17:00
Register-ScheduledTask -TaskName "desk_app SMS hatirlatma" -Action $remind -Trigger $daily `
    -Settings $settings -User $User -Password (Read-Host "Parola ($User)") -Force
