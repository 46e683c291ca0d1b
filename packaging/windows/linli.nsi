; Linli's Windows installer (NSIS 3, Unicode): installs for this user only, with no
; administrator rights, into %LOCALAPPDATA%\Programs\Linli; Start-menu and desktop
; shortcuts; an uninstaller registered for this user (Settings → Apps). The installer
; speaks Simplified Chinese or English (chosen at its start; Chinese first).
;
; Built on a Windows runner by .github/workflows/installers.yml:
;   makensis /DLINLI_EXE=C:\…\target\release\linli.exe /DHUB_EXE=C:\…\target\release\linli-hub.exe
;            /DVERSION=0.1.0 /DOUTFILE=C:\…\linli-0.1.0-setup.exe packaging\windows\linli.nsi
; Give absolute paths: makensis reads this file from its own folder. scripts/check-package
; compiles it on Debian (makensis from the nsis package) with stand-in files in place of
; the two programs, which only a Windows build makes.

; Unicode. /DAMD64 (scripts/package windows) makes a 64-bit installer, like the programs:
; Debian's makensis has the amd64 stubs, and Wine without its 32-bit part runs only those.
; Without it (the installers workflow: NSIS for Windows ships only x86 stubs) the installer
; is 32-bit, which 64-bit Windows runs as well.
!ifdef AMD64
  Target amd64-unicode
!else
  Unicode true
!endif
!include "MUI2.nsh"

!ifndef LINLI_EXE
  !error "Pass /DLINLI_EXE=path\to\linli.exe"
!endif
!ifndef HUB_EXE
  !error "Pass /DHUB_EXE=path\to\linli-hub.exe"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "linli-${VERSION}-setup.exe"
!endif

; One name in both languages: the same in the Start menu, on the desktop and in Apps,
; whichever language the installer or Windows speaks.
!define PRODUCT "邻里 Linli"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Linli"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Linli"
InstallDirRegKey HKCU "Software\Linli" "InstallDir"
RequestExecutionLevel user
; /DFAST (scripts/package windows --fast, for checks): quicker to make, a larger file.
!ifdef FAST
  SetCompressor zlib
!else
  SetCompressor /SOLID lzma
!endif
ShowInstDetails show
ShowUninstDetails show

!define MUI_ICON "..\icons\linli.ico"
!define MUI_UNICON "..\icons\linli.ico"
!define MUI_ABORTWARNING
; The language chosen at install is remembered for the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\Linli"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!define MUI_FINISHPAGE_RUN "$INSTDIR\linli.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString WelcomeText ${LANG_SIMPCHINESE} "这会把邻里装到这台电脑上。$\r$\n$\r$\n只给现在这个用户装，不需要管理员密码。装好以后，在开始菜单和桌面上点“邻里”就能打开。$\r$\n$\r$\n请点“下一步”。"
LangString WelcomeText ${LANG_ENGLISH} "This installs Linli on this computer.$\r$\n$\r$\nIt is installed for this user only and needs no administrator password. Afterwards, open it with Linli in the Start menu or on the desktop.$\r$\n$\r$\nClick Next to continue."
LangString RunNow ${LANG_SIMPCHINESE} "现在打开邻里"
LangString RunNow ${LANG_ENGLISH} "Open Linli now"
LangString ShortcutEnglish ${LANG_SIMPCHINESE} "邻里（英文）"
LangString ShortcutEnglish ${LANG_ENGLISH} "Linli in English"
LangString ShortcutLarge ${LANG_SIMPCHINESE} "邻里（更大的字）"
LangString ShortcutLarge ${LANG_ENGLISH} "Linli in larger text"
LangString ShortcutYellow ${LANG_SIMPCHINESE} "邻里（黑底黄字，看得更清楚）"
LangString ShortcutYellow ${LANG_ENGLISH} "Linli, yellow on black (easier to see)"
LangString ShortcutCompatible ${LANG_SIMPCHINESE} "邻里（兼容模式）"
LangString ShortcutCompatible ${LANG_ENGLISH} "Linli (compatible mode)"
LangString ShortcutUninstall ${LANG_SIMPCHINESE} "卸载邻里"
LangString ShortcutUninstall ${LANG_ENGLISH} "Uninstall Linli"
LangString DataKept ${LANG_SIMPCHINESE} "您在邻里里的资料（订单、设置）留在这台电脑上，没有删除。"
LangString DataKept ${LANG_ENGLISH} "Your Linli data (orders, settings) stays on this computer; it was not deleted."

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Linli" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=linli.exe" "${LINLI_EXE}"
  File "/oname=linli-hub.exe" "${HUB_EXE}"
  File "/oname=linli.ico" "..\icons\linli.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts for this user: the Start-menu folder and the desktop.
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\linli.exe" "" "$INSTDIR\linli.ico"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutLarge).lnk" "$INSTDIR\linli.exe" "--text-size 150" "$INSTDIR\linli.ico"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutEnglish).lnk" "$INSTDIR\linli.exe" "--lang en-US" "$INSTDIR\linli.ico"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutYellow).lnk" "$INSTDIR\linli.exe" "--theme yellow" "$INSTDIR\linli.ico"
  ; Drawn in software: for a computer whose graphics card or driver stops Linli opening.
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutCompatible).lnk" "$INSTDIR\linli.exe" "--renderer software" "$INSTDIR\linli.ico"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutUninstall).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\linli.exe" "" "$INSTDIR\linli.ico"

  ; Settings → Apps lists it for this user; removing it there runs the uninstaller.
  WriteRegStr HKCU "Software\Linli" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Linli"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\linli.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\linli.exe"
  Delete "$INSTDIR\linli-hub.exe"
  Delete "$INSTDIR\linli.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  ; The Start-menu folder with all its shortcuts (compatible mode's included).
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\Linli"
  ; Her data (%APPDATA%\Linli) is hers: kept, and she is told so.
  DetailPrint "$(DataKept)"
SectionEnd
