@echo off
rem `archipel` on PATH: the CLI bundled with the extension (dist\server\cli.js beside this folder).
rem See bin/archipel and docs/installed-extension.md.
setlocal
if defined ARCHIPEL_NODE if exist "%ARCHIPEL_NODE%" (
  set ELECTRON_RUN_AS_NODE=1
  "%ARCHIPEL_NODE%" "%~dp0..\dist\server\cli.js" %*
  exit /b %ERRORLEVEL%
)
node "%~dp0..\dist\server\cli.js" %*
exit /b %ERRORLEVEL%
