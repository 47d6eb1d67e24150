@echo off
rem policy-site: starts the live preview of the site and opens it in the browser.
rem Put this file in the site's folder (the one that holds the content folder), or
rem keep it beside policy-site.exe in a folder inside the site's folder.
rem policy-site.exe is taken from beside this file, else from PATH.
rem Close the window to stop the preview.
setlocal
set "EXE=%~dp0policy-site.exe"
if not exist "%EXE%" set "EXE=policy-site.exe"
rem pushd, not cd: it also works on a file share (\\server\share\...).
pushd "%~dp0"
"%EXE%"
popd
