// The program and its tests use POSIX file modes, signals and /bin/sh.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
