/**
 * Small contract files written for the tests (no file is copied): each
 * reproduces a layout seen in ZeroMQ's history, named in docs/rules.md.
 */

/** A libzmq-style public header: stable part, deprecated section, draft block. */
export const zmqHeader = `/*
    Copyright (c) the Contributors of this example.
*/
#ifndef __EXAMPLE_ZMQ_H_INCLUDED__
#define __EXAMPLE_ZMQ_H_INCLUDED__

/*  Version macros for compile-time API version detection */
#define ZMQ_VERSION_MAJOR 4
#define ZMQ_VERSION_MINOR 3
#define ZMQ_VERSION_PATCH 5

#ifdef __cplusplus
extern "C" {
#endif

#if defined _WIN32
#define ZMQ_EXPORT __declspec (dllexport)
#else
#define ZMQ_EXPORT
#endif

/*  Socket types. */
#define ZMQ_PAIR 0
#define ZMQ_PUB 1
#define ZMQ_SUB 2

/*  Message options */
#define ZMQ_MORE 1

typedef struct zmq_msg_t
{
#if defined _MSC_VER
    __declspec (align (8)) unsigned char _[64];
#else
    unsigned char _[64] __attribute__ ((aligned (sizeof (void *))));
#endif
} zmq_msg_t;

typedef void (zmq_free_fn) (void *data_, void *hint_);

ZMQ_EXPORT int zmq_msg_init (zmq_msg_t *msg_);
ZMQ_EXPORT int zmq_msg_init_data (
  zmq_msg_t *msg_, void *data_, size_t size_, zmq_free_fn *ffn_, void *hint_);
ZMQ_EXPORT void *zmq_socket (void *, int type_);
ZMQ_EXPORT int zmq_bind (void *s_, const char *addr_);

typedef enum
{
    ZMQ_EVENT_ONE = 1,
    ZMQ_EVENT_TWO,
    ZMQ_EVENT_THREE
} zmq_event_kind_t;

/*  Deprecated aliases */
#define ZMQ_NOBLOCK ZMQ_DONTWAIT
ZMQ_EXPORT int zmq_sendmsg (void *s_, zmq_msg_t *msg_, int flags_);

#ifdef ZMQ_BUILD_DRAFT_API
/*  DRAFT Socket types. */
#define ZMQ_SERVER 12
#define ZMQ_CLIENT 13

ZMQ_EXPORT int zmq_join (void *s, const char *group);
typedef void(zmq_timer_fn) (int timer_id, void *arg);
#endif // ZMQ_BUILD_DRAFT_API

#undef ZMQ_EXPORT

#ifdef __cplusplus
}
#endif

#endif
`;

/** A czmq-style class model with draft members and an included fragment. */
export const zsockApi = `<class name = "zsock" state = "stable">
    <!-- A licence comment -->
    high-level socket API

    <constructor>
        Create a new socket.
        <argument name = "type" type = "integer" />
    </constructor>

    <destructor>
        Destroy the socket.
    </destructor>

    <constructor name = "new pub">
        Create a PUB socket.
        <argument name = "endpoint" type = "string" />
    </constructor>

    <constructor name = "new server" state = "draft">
        Create a SERVER socket.
        <argument name = "endpoint" type = "string" />
    </constructor>

    <method name = "bind">
        Bind a socket to a formatted endpoint.
        <argument name = "format" type = "format" />
        <return type = "integer" />
    </method>

    <method name = "join" state = "draft" polymorphic = "1">
        Join a group.
        <argument name = "group" type = "string" />
        <return type = "integer" />
    </method>

    <callback_type name = "handler fn">
        A callback.
        <argument name = "sock" type = "zsock" />
        <return type = "integer" />
    </callback_type>

    <constant name = "default hwm" value = "1000">Default high-water mark</constant>

    <include filename = "zsock_option.api" />
</class>
`;

/** A generated fragment of bare members, pulled into its class by `<include>`. */
export const zsockOptionApi = `<!-- GENERATED: do not edit -->

<method name = "sndhwm" polymorphic = "1">
    Get socket option \`sndhwm\`.
    <return type = "integer" fresh = "1" />
</method>

<method name = "set sndhwm" polymorphic = "1">
    Set socket option \`sndhwm\`.
    <argument name = "sndhwm" type = "integer" />
</method>
`;

/** A class that is draft as a whole: its members carry no state of their own. */
export const zfreshApi = `<class name = "zfresh" state = "draft">
    A new class, still a draft.
    <constructor />
    <destructor />
    <method name = "poke">
        <return type = "boolean" />
    </method>
</class>
`;

/**
 * One release of a zproject model, as a project's history moves it along:
 * `poke` is a draft until promoted, `old hwm` is stable until deprecated,
 * `spin` is stable throughout (the czmq pattern of issue 19's report).
 */
export function zwidgetApi(states: {
  poke?: "draft" | "stable" | null;
  /** The argument's type: a new one changes the draft's signature. */
  pokeType?: string;
  oldHwm?: "stable" | "deprecated" | "legacy" | null;
}): string {
  const poke =
    states.poke === null
      ? ""
      : `    <method name = "poke" state = "${states.poke ?? "draft"}">
        Poke the widget.
        <argument name = "times" type = "${states.pokeType ?? "integer"}" />
        <return type = "integer" />
    </method>
`;
  const hwm =
    states.oldHwm === null
      ? ""
      : `    <constant name = "old hwm" value = "10" state = "${states.oldHwm ?? "stable"}" />\n`;
  return `<class name = "zwidget" state = "stable">
    A widget.
${poke}    <method name = "spin">
        Spin it.
    </method>
${hwm}</class>
`;
}
