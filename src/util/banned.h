/* SPDX-License-Identifier: Apache-2.0 */
/*
 * banned.h: functions vigil must never call, refused at compile time.
 *
 * The Makefile force-includes this file into every translation unit.  It
 * pulls in the system headers that declare the banned functions first, so
 * their declarations are already seen (and include-guarded) when the
 * macros below are defined; any later call expands to an undeclared
 * identifier, which -Werror turns into a build failure that names the
 * function.
 *
 * Running other programs is banned outright: vigil never executes anything.
 * The string functions are banned because each has a bounded replacement
 * (snprintf, struct buf, memcpy with a checked length).
 */
#ifndef VIGIL_BANNED_H
#define VIGIL_BANNED_H

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BANNED(func) sorry_##func##_is_banned_in_vigil

#undef system
#define system(...) BANNED(system)
#undef popen
#define popen(...) BANNED(popen)
#undef execl
#define execl(...) BANNED(execl)
#undef execlp
#define execlp(...) BANNED(execlp)
#undef execle
#define execle(...) BANNED(execle)
#undef execv
#define execv(...) BANNED(execv)
#undef execvp
#define execvp(...) BANNED(execvp)
#undef execvpe
#define execvpe(...) BANNED(execvpe)
#undef execve
#define execve(...) BANNED(execve)
#undef fexecve
#define fexecve(...) BANNED(fexecve)
#undef posix_spawn
#define posix_spawn(...) BANNED(posix_spawn)
#undef posix_spawnp
#define posix_spawnp(...) BANNED(posix_spawnp)
#undef strcpy
#define strcpy(...) BANNED(strcpy)
#undef strcat
#define strcat(...) BANNED(strcat)
#undef strncpy
#define strncpy(...) BANNED(strncpy)
#undef strncat
#define strncat(...) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(...) BANNED(gets)

#endif
