@echo off
rem coverscan endpoint agent on Windows (run in an elevated prompt).
rem Copy the agent to "C:\Program Files\coverscan-agent" (dist\coverscan-agent.js and node_modules);
rem Node.js 20+ must be installed.
rem
rem node.exe does not answer the Service Control Manager's start handshake by itself, so the service
rem runs it through a service wrapper: WinSW (https://github.com/winsw/winsw), renamed to
rem coverscan-agent-svc.exe, with its XML naming node.exe and the arguments below. Then:
sc.exe create coverscan-agent binPath= "\"C:\Program Files\coverscan-agent\coverscan-agent-svc.exe\"" start= delayed-auto obj= LocalSystem DisplayName= "coverscan endpoint agent"
sc.exe description coverscan-agent "Inventory for restricted-vendor equipment (coverscan)"
sc.exe failure coverscan-agent reset= 86400 actions= restart/60000/restart/60000/restart/300000
rem Arguments for the wrapper's <executable>node.exe</executable> and <arguments>:
rem   "C:\Program Files\coverscan-agent\dist\coverscan-agent.js" run --collector wss://collector.example.org:8443 --state-dir "C:\ProgramData\coverscan-agent"
rem
rem Without a wrapper, a scheduled task runs the same command as SYSTEM at boot:
rem schtasks /Create /TN coverscan-agent /RU SYSTEM /SC ONSTART /RL HIGHEST /TR "\"C:\Program Files\nodejs\node.exe\" \"C:\Program Files\coverscan-agent\dist\coverscan-agent.js\" run --collector wss://collector.example.org:8443 --state-dir C:\ProgramData\coverscan-agent"
rem
rem The enrollment secret for the first contact, as a machine environment variable (remove it after
rem the agent has enrolled; the node key then lives in C:\ProgramData\coverscan-agent\agent.json):
rem   setx /M COVERSCAN_ENROLL_SECRET <secret>
