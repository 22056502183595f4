/*
 * The native reference client of benchmarks/compare: E1-E4 on sd-bus (libsystemd), in-process
 * marshal + parse on libdbus (dbus_message_marshal / dbus_message_demarshal, the reference
 * implementation's own serialiser and parser; sd-bus has no public call that parses a message
 * from bytes). Speaks the line protocol of io.jitney.benchmarks.e2e.Driver on stdin/stdout.
 *
 * Build: gcc -O2 -o c_client c_client.c $(pkg-config --cflags --libs libsystemd dbus-1)
 * Run:   ./c_client ADDRESS
 */
#define _GNU_SOURCE
#include <dbus/dbus.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <time.h>

#define NAME "org.example.Echo"
#define PATH "/org/example/Echo"
#define IFACE "org.example.Echo"
#define MIB (1 << 20)
#define TIMEOUT_US (60ULL * 1000000ULL)

static sd_bus *bus;
static uint8_t mib[MIB];

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- E1: sequential Echo("hello") ---------------------------------------------------------- */

static int echo_once(void) {
    sd_bus_error err = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    const char *text;
    int r = sd_bus_call_method(bus, NAME, PATH, IFACE, "Echo", &err, &reply, "s", "hello");
    if (r < 0) {
        fprintf(stderr, "Echo failed: %s\n", err.message ? err.message : strerror(-r));
        sd_bus_error_free(&err);
        return r;
    }
    r = sd_bus_message_read(reply, "s", &text);
    if (r < 0 || strcmp(text, "hello") != 0) {
        r = r < 0 ? r : -EBADMSG;
    }
    sd_bus_message_unref(reply);
    return r;
}

static void e1(double seconds) {
    size_t cap = 1 << 16, n = 0;
    double *lat = malloc(cap * sizeof(double));
    double start = now_s(), end = start + seconds, t = start;
    do {
        double t0 = t;
        if (echo_once() < 0) {
            printf("ERR Echo failed\n");
            free(lat);
            return;
        }
        t = now_s();
        if (n == cap) {
            cap *= 2;
            lat = realloc(lat, cap * sizeof(double));
        }
        lat[n++] = t - t0;
    } while (t < end);
    qsort(lat, n, sizeof(double), cmp_double);
    size_t p99 = (size_t)(n * 0.99);
    printf("OK calls=%zu secs=%.6f p50us=%.1f p99us=%.1f\n", n, t - start, lat[n / 2] * 1e6,
           lat[p99 < n ? p99 : n - 1] * 1e6);
    free(lat);
}

/* ---- E2: sequential EchoBytes(1 MiB) ------------------------------------------------------- */

static int echo_bytes_once(void) {
    sd_bus_message *m = NULL, *reply = NULL;
    sd_bus_error err = SD_BUS_ERROR_NULL;
    const void *p;
    size_t size;
    int r = sd_bus_message_new_method_call(bus, &m, NAME, PATH, IFACE, "EchoBytes");
    if (r >= 0) r = sd_bus_message_append_array(m, 'y', mib, MIB);
    if (r >= 0) r = sd_bus_call(bus, m, TIMEOUT_US, &err, &reply);
    if (r >= 0) r = sd_bus_message_read_array(reply, 'y', &p, &size);
    if (r >= 0 && (size != MIB || memcmp(p, mib, MIB) != 0)) r = -EBADMSG;
    if (r < 0) fprintf(stderr, "EchoBytes failed: %s\n", err.message ? err.message : strerror(-r));
    sd_bus_error_free(&err);
    sd_bus_message_unref(m);
    sd_bus_message_unref(reply);
    return r;
}

static void e2(double seconds) {
    double start = now_s(), end = start + seconds, t;
    long n = 0;
    do {
        if (echo_bytes_once() < 0) {
            printf("ERR EchoBytes failed\n");
            return;
        }
        n++;
        t = now_s();
    } while (t < end);
    printf("OK calls=%ld secs=%.6f\n", n, t - start);
}

/* ---- E3: Emit(n), receive n ticks ---------------------------------------------------------- */

struct ticks {
    uint32_t next, n;
    int bad;
};

static int on_tick(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
    struct ticks *t = userdata;
    uint32_t i;
    const char *text;
    (void)ret_error;
    if (sd_bus_message_read(m, "us", &i, &text) < 0 || i != t->next || strcmp(text, "tick") != 0) t->bad = 1;
    t->next++;
    return 1;
}

static int pump(int (*done)(void *), void *state) {
    while (!done(state)) {
        int r = sd_bus_process(bus, NULL);
        if (r < 0) return r;
        if (r > 0) continue;
        r = sd_bus_wait(bus, TIMEOUT_US);
        if (r < 0) return r;
        if (r == 0) return -ETIMEDOUT;
    }
    return 0;
}

static int ticks_done(void *s) {
    struct ticks *t = s;
    return t->bad || t->next >= t->n;
}

static void e3(uint32_t n) {
    struct ticks t = {0, n, 0};
    sd_bus_slot *slot = NULL;
    sd_bus_error err = SD_BUS_ERROR_NULL;
    int r = sd_bus_match_signal(bus, &slot, NULL, PATH, IFACE, "Tick", on_tick, &t);
    if (r < 0) {
        printf("ERR AddMatch failed: %s\n", strerror(-r));
        return;
    }
    double start = now_s();
    r = sd_bus_call_method(bus, NAME, PATH, IFACE, "Emit", &err, NULL, "u", n);
    if (r >= 0) r = pump(ticks_done, &t);
    double elapsed = now_s() - start;
    sd_bus_slot_unref(slot);
    sd_bus_error_free(&err);
    if (r < 0 || t.bad) {
        printf("ERR ticks: %s\n", r < 0 ? strerror(-r) : "wrong tick");
        return;
    }
    printf("OK signals=%u secs=%.6f\n", n, elapsed);
}

/* ---- E4: pipelined, `callers` calls in flight ---------------------------------------------- */

struct pipeline {
    long done, in_flight;
    double deadline;
    int bad;
};

static int send_echo_async(struct pipeline *p);

static int on_echo(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
    struct pipeline *p = userdata;
    const char *text;
    (void)ret_error;
    p->in_flight--;
    if (sd_bus_message_is_method_error(m, NULL) || sd_bus_message_read(m, "s", &text) < 0 || strcmp(text, "hello") != 0) {
        p->bad = 1;
        return 1;
    }
    p->done++;
    if (((p->done & 63) != 0 || now_s() < p->deadline) && p->deadline > 0) {
        send_echo_async(p);
    } else {
        p->deadline = 0; /* stop sending; drain what is in flight */
    }
    return 1;
}

static int send_echo_async(struct pipeline *p) {
    int r = sd_bus_call_method_async(bus, NULL, NAME, PATH, IFACE, "Echo", on_echo, p, "s", "hello");
    if (r >= 0) p->in_flight++;
    else p->bad = 1;
    return r;
}

static int pipeline_done(void *s) {
    struct pipeline *p = s;
    return p->bad || p->in_flight == 0;
}

static void e4(double seconds, int callers) {
    double start = now_s();
    struct pipeline p = {0, 0, start + seconds, 0};
    for (int i = 0; i < callers; i++) send_echo_async(&p);
    int r = pump(pipeline_done, &p);
    if (r < 0 || p.bad) {
        printf("ERR pipeline failed: %s\n", r < 0 ? strerror(-r) : "bad reply");
        return;
    }
    printf("OK calls=%ld secs=%.6f\n", p.done, now_s() - start);
}

/* ---- M: libdbus marshal + demarshal of the foundation's payloads (a), (b), (c) ------------- */

static void append_variant(DBusMessageIter *it, int type, const char *sig, const void *value) {
    DBusMessageIter v;
    dbus_message_iter_open_container(it, DBUS_TYPE_VARIANT, sig, &v);
    dbus_message_iter_append_basic(&v, type, value);
    dbus_message_iter_close_container(it, &v);
}

static void append_sv(DBusMessageIter *dict, const char *key, int type, const char *sig, const void *value) {
    DBusMessageIter e;
    dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL, &e);
    dbus_message_iter_append_basic(&e, DBUS_TYPE_STRING, &key);
    append_variant(&e, type, sig, value);
    dbus_message_iter_close_container(dict, &e);
}

static DBusMessage *build(const char *payload) {
    DBusMessage *m;
    DBusMessageIter it, arr;
    char key[32], val[64];
    if (strcmp(payload, "M1") == 0) {
        m = dbus_message_new_method_call(NAME, PATH, IFACE, "EchoDict");
        dbus_message_iter_init_append(m, &it);
        dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{sv}", &arr);
        for (int i = 0; i < 10; i++) {
            snprintf(key, sizeof key, "key%d", i);
            if (i % 2 == 0) {
                snprintf(val, sizeof val, "value%d", i);
                const char *s = val;
                append_sv(&arr, key, DBUS_TYPE_STRING, "s", &s);
            } else {
                dbus_uint32_t u = i;
                append_sv(&arr, key, DBUS_TYPE_UINT32, "u", &u);
            }
        }
        dbus_message_iter_close_container(&it, &arr);
    } else if (strcmp(payload, "M2") == 0) {
        const char *app = "jitney", *icon = "mail-unread", *summary = "New mail",
                   *body = "You have 3 new messages from the mailing list";
        const char *actions[] = {"default", "Open", "dismiss", "Dismiss"};
        dbus_uint32_t id = 0;
        dbus_int32_t timeout = -1;
        unsigned char urgency = 1;
        const char *category = "email.arrived", *entry = "org.example.Mail";
        m = dbus_message_new_method_call("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                         "org.freedesktop.Notifications", "Notify");
        dbus_message_iter_init_append(m, &it);
        dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &app);
        dbus_message_iter_append_basic(&it, DBUS_TYPE_UINT32, &id);
        dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &icon);
        dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &summary);
        dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &body);
        dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "s", &arr);
        for (int i = 0; i < 4; i++) dbus_message_iter_append_basic(&arr, DBUS_TYPE_STRING, &actions[i]);
        dbus_message_iter_close_container(&it, &arr);
        dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{sv}", &arr);
        append_sv(&arr, "urgency", DBUS_TYPE_BYTE, "y", &urgency);
        append_sv(&arr, "category", DBUS_TYPE_STRING, "s", &category);
        append_sv(&arr, "desktop-entry", DBUS_TYPE_STRING, "s", &entry);
        dbus_message_iter_close_container(&it, &arr);
        dbus_message_iter_append_basic(&it, DBUS_TYPE_INT32, &timeout);
    } else {
        DBusMessageIter objs, obj, ifaces, iface, props, e, v, uuids;
        const char *uuid[] = {"0000110b-0000-1000-8000-00805f9b34fb", "0000110e-0000-1000-8000-00805f9b34fb"};
        const char *adapter = "/org/bluez/hci0";
        m = dbus_message_new(DBUS_MESSAGE_TYPE_METHOD_RETURN);
        dbus_message_set_reply_serial(m, 7);
        dbus_message_set_destination(m, ":1.42");
        dbus_message_iter_init_append(m, &it);
        dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{oa{sa{sv}}}", &objs);
        for (int o = 0; o < 20; o++) {
            char path[64], addr[32], name[32];
            const char *pp = path, *ap = addr, *np = name;
            snprintf(path, sizeof path, "/org/bluez/hci0/dev_%d", o);
            snprintf(addr, sizeof addr, "00:11:22:33:44:%02X", o);
            snprintf(name, sizeof name, "Device %d", o);
            dbus_message_iter_open_container(&objs, DBUS_TYPE_DICT_ENTRY, NULL, &obj);
            dbus_message_iter_append_basic(&obj, DBUS_TYPE_OBJECT_PATH, &pp);
            dbus_message_iter_open_container(&obj, DBUS_TYPE_ARRAY, "{sa{sv}}", &ifaces);
            for (int i = 0; i < 3; i++) {
                char iname[32];
                const char *ip = iname;
                dbus_bool_t paired = o % 2 == 0, connected = 0;
                dbus_int16_t rssi = -40 - o;
                dbus_uint32_t cls = 0x240404;
                snprintf(iname, sizeof iname, "org.bluez.Iface%d", i);
                dbus_message_iter_open_container(&ifaces, DBUS_TYPE_DICT_ENTRY, NULL, &iface);
                dbus_message_iter_append_basic(&iface, DBUS_TYPE_STRING, &ip);
                dbus_message_iter_open_container(&iface, DBUS_TYPE_ARRAY, "{sv}", &props);
                append_sv(&props, "Address", DBUS_TYPE_STRING, "s", &ap);
                append_sv(&props, "Name", DBUS_TYPE_STRING, "s", &np);
                append_sv(&props, "Paired", DBUS_TYPE_BOOLEAN, "b", &paired);
                append_sv(&props, "Connected", DBUS_TYPE_BOOLEAN, "b", &connected);
                append_sv(&props, "RSSI", DBUS_TYPE_INT16, "n", &rssi);
                append_sv(&props, "Class", DBUS_TYPE_UINT32, "u", &cls);
                {
                    const char *k = "UUIDs";
                    dbus_message_iter_open_container(&props, DBUS_TYPE_DICT_ENTRY, NULL, &e);
                    dbus_message_iter_append_basic(&e, DBUS_TYPE_STRING, &k);
                    dbus_message_iter_open_container(&e, DBUS_TYPE_VARIANT, "as", &v);
                    dbus_message_iter_open_container(&v, DBUS_TYPE_ARRAY, "s", &uuids);
                    dbus_message_iter_append_basic(&uuids, DBUS_TYPE_STRING, &uuid[0]);
                    dbus_message_iter_append_basic(&uuids, DBUS_TYPE_STRING, &uuid[1]);
                    dbus_message_iter_close_container(&v, &uuids);
                    dbus_message_iter_close_container(&e, &v);
                    dbus_message_iter_close_container(&props, &e);
                }
                append_sv(&props, "Adapter", DBUS_TYPE_OBJECT_PATH, "o", &adapter);
                dbus_message_iter_close_container(&iface, &props);
                dbus_message_iter_close_container(&ifaces, &iface);
            }
            dbus_message_iter_close_container(&obj, &ifaces);
            dbus_message_iter_close_container(&objs, &obj);
        }
        dbus_message_iter_close_container(&it, &objs);
    }
    dbus_message_set_serial(m, 1);
    return m;
}

/* Reads every value (what a caller of the parsed message would do); returns how many. */
static long walk(DBusMessageIter *it) {
    long count = 0;
    int type;
    while ((type = dbus_message_iter_get_arg_type(it)) != DBUS_TYPE_INVALID) {
        if (dbus_type_is_basic(type)) {
            DBusBasicValue value;
            dbus_message_iter_get_basic(it, &value);
            count++;
        } else {
            DBusMessageIter sub;
            dbus_message_iter_recurse(it, &sub);
            count += walk(&sub);
        }
        dbus_message_iter_next(it);
    }
    return count;
}

static volatile long sink;

static int marshal_once(const char *payload) {
    DBusMessage *m = build(payload);
    char *buf;
    int len;
    DBusError err;
    dbus_error_init(&err);
    if (!dbus_message_marshal(m, &buf, &len)) return -1;
    DBusMessage *parsed = dbus_message_demarshal(buf, len, &err);
    dbus_free(buf);
    dbus_message_unref(m);
    if (parsed == NULL) {
        fprintf(stderr, "demarshal failed: %s\n", err.message);
        dbus_error_free(&err);
        return -1;
    }
    DBusMessageIter it;
    if (dbus_message_iter_init(parsed, &it)) sink = walk(&it);
    dbus_message_unref(parsed);
    return 0;
}

static void marshal(const char *payload, double seconds) {
    double start = now_s(), end = start + seconds, t;
    long n = 0;
    do {
        for (int i = 0; i < 16; i++) {
            if (marshal_once(payload) < 0) {
                printf("ERR marshal failed\n");
                return;
            }
        }
        n += 16;
        t = now_s();
    } while (t < end);
    printf("OK ops=%ld secs=%.6f\n", n, t - start);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: c_client ADDRESS\n");
        return 2;
    }
    for (int i = 0; i < MIB; i++) mib[i] = (uint8_t)(i * 7 + 1);
    int r = sd_bus_new(&bus);
    if (r >= 0) r = sd_bus_set_address(bus, argv[1]);
    if (r >= 0) r = sd_bus_set_bus_client(bus, 1);
    if (r >= 0) r = sd_bus_start(bus);
    /* sd_bus_start only begins authenticating: finish it (and Hello) before saying READY. Left
       idle for 30 s first, the connection was found dropped by the daemon, unauthenticated. */
    sd_bus_error err = SD_BUS_ERROR_NULL;
    if (r >= 0) r = sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Peer", "Ping", &err, NULL, NULL);
    if (r < 0) {
        fprintf(stderr, "cannot connect to %s: %s\n", argv[1], err.message ? err.message : strerror(-r));
        return 1;
    }
    sd_bus_error_free(&err);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("READY c-sdbus\n");
    char line[256], cmd[16], arg1[64];
    double secs;
    int n;
    while (fgets(line, sizeof line, stdin)) {
        int k = sscanf(line, "%15s %63s %d", cmd, arg1, &n);
        if (k < 1 || strcmp(cmd, "QUIT") == 0) break;
        if (strcmp(cmd, "E1") == 0 && k >= 2) e1(atof(arg1));
        else if (strcmp(cmd, "E2") == 0 && k >= 2) e2(atof(arg1));
        else if (strcmp(cmd, "E3") == 0 && k >= 2) e3((uint32_t)atol(arg1));
        else if (strcmp(cmd, "E4") == 0 && k >= 3) e4(atof(arg1), n);
        else if (strcmp(cmd, "M") == 0 && sscanf(line, "%*s %63s %lf", arg1, &secs) == 2) marshal(arg1, secs);
        else if (strcmp(cmd, "ALLOC") == 0) printf("NA no allocation counter for C\n");
        else printf("NA %s\n", cmd);
    }
    sd_bus_flush_close_unref(bus);
    return 0;
}
