/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
"use strict";

var $protobuf = require("protobufjs/minimal");

// Common aliases
var $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

// uint64 fields are JS numbers (exact below 2^53); see proto/postgen.js
$util.Long = undefined;
$protobuf.configure();

// Exported root namespace
var $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

$root.mygpt = (function() {

    /**
     * Namespace mygpt.
     * @exports mygpt
     * @namespace
     */
    var mygpt = {};

    /**
     * ProtocolVersion enum.
     * @name mygpt.ProtocolVersion
     * @enum {number}
     * @property {number} PROTOCOL_VERSION_UNSPECIFIED=0 PROTOCOL_VERSION_UNSPECIFIED value
     * @property {number} PROTOCOL_VERSION_CURRENT=2 PROTOCOL_VERSION_CURRENT value
     */
    mygpt.ProtocolVersion = (function() {
        var valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "PROTOCOL_VERSION_UNSPECIFIED"] = 0;
        values[valuesById[2] = "PROTOCOL_VERSION_CURRENT"] = 2;
        return values;
    })();

    /**
     * WorkerState enum.
     * @name mygpt.WorkerState
     * @enum {number}
     * @property {number} WORKER_STATE_UNSPECIFIED=0 WORKER_STATE_UNSPECIFIED value
     * @property {number} PENDING=1 PENDING value
     * @property {number} READY=2 READY value
     * @property {number} TRAINING=3 TRAINING value
     * @property {number} DONE=4 DONE value
     * @property {number} FAILED=5 FAILED value
     * @property {number} STOPPED=6 STOPPED value
     */
    mygpt.WorkerState = (function() {
        var valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "WORKER_STATE_UNSPECIFIED"] = 0;
        values[valuesById[1] = "PENDING"] = 1;
        values[valuesById[2] = "READY"] = 2;
        values[valuesById[3] = "TRAINING"] = 3;
        values[valuesById[4] = "DONE"] = 4;
        values[valuesById[5] = "FAILED"] = 5;
        values[valuesById[6] = "STOPPED"] = 6;
        return values;
    })();

    /**
     * WireDtype enum.
     * @name mygpt.WireDtype
     * @enum {number}
     * @property {number} WIRE_DTYPE_FP32=0 WIRE_DTYPE_FP32 value
     * @property {number} WIRE_DTYPE_BF16=1 WIRE_DTYPE_BF16 value
     */
    mygpt.WireDtype = (function() {
        var valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "WIRE_DTYPE_FP32"] = 0;
        values[valuesById[1] = "WIRE_DTYPE_BF16"] = 1;
        return values;
    })();

    /**
     * Phase enum.
     * @name mygpt.Phase
     * @enum {number}
     * @property {number} PHASE_UNSPECIFIED=0 PHASE_UNSPECIFIED value
     * @property {number} REDUCE_SCATTER=1 REDUCE_SCATTER value
     * @property {number} ALL_GATHER=2 ALL_GATHER value
     * @property {number} BROADCAST=3 BROADCAST value
     */
    mygpt.Phase = (function() {
        var valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "PHASE_UNSPECIFIED"] = 0;
        values[valuesById[1] = "REDUCE_SCATTER"] = 1;
        values[valuesById[2] = "ALL_GATHER"] = 2;
        values[valuesById[3] = "BROADCAST"] = 3;
        return values;
    })();

    mygpt.Hello = (function() {

        /**
         * Properties of a Hello.
         * @memberof mygpt
         * @interface IHello
         * @property {number|null} [protocolVersion] Hello protocolVersion
         * @property {string|null} [host] Hello host
         * @property {number|null} [pid] Hello pid
         * @property {number|null} [requestedRank] Hello requestedRank
         * @property {string|null} [device] Hello device
         * @property {string|null} [backend] Hello backend
         * @property {string|null} [configHash] Hello configHash
         * @property {string|null} [ringAddress] Hello ringAddress
         * @property {string|null} [metricsAddress] Hello metricsAddress
         * @property {string|null} [nativeKernels] Hello nativeKernels
         * @property {string|null} [ringPublicKey] Hello ringPublicKey
         * @property {string|null} [launchToken] Hello launchToken
         * @property {string|null} [ringTransport] Hello ringTransport
         * @property {number|null} [expectedWorldSize] Hello expectedWorldSize
         * @property {mygpt.IStateInfo|null} [state] Hello state
         * @property {mygpt.IStepReport|null} [lastReport] Hello lastReport
         */

        /**
         * Constructs a new Hello.
         * @memberof mygpt
         * @classdesc Represents a Hello.
         * @implements IHello
         * @constructor
         * @param {mygpt.IHello=} [p] Properties to set
         */
        function Hello(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Hello protocolVersion.
         * @member {number} protocolVersion
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.protocolVersion = 0;

        /**
         * Hello host.
         * @member {string} host
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.host = "";

        /**
         * Hello pid.
         * @member {number} pid
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.pid = 0;

        /**
         * Hello requestedRank.
         * @member {number} requestedRank
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.requestedRank = 0;

        /**
         * Hello device.
         * @member {string} device
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.device = "";

        /**
         * Hello backend.
         * @member {string} backend
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.backend = "";

        /**
         * Hello configHash.
         * @member {string} configHash
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.configHash = "";

        /**
         * Hello ringAddress.
         * @member {string} ringAddress
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.ringAddress = "";

        /**
         * Hello metricsAddress.
         * @member {string} metricsAddress
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.metricsAddress = "";

        /**
         * Hello nativeKernels.
         * @member {string} nativeKernels
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.nativeKernels = "";

        /**
         * Hello ringPublicKey.
         * @member {string} ringPublicKey
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.ringPublicKey = "";

        /**
         * Hello launchToken.
         * @member {string} launchToken
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.launchToken = "";

        /**
         * Hello ringTransport.
         * @member {string} ringTransport
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.ringTransport = "";

        /**
         * Hello expectedWorldSize.
         * @member {number} expectedWorldSize
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.expectedWorldSize = 0;

        /**
         * Hello state.
         * @member {mygpt.IStateInfo|null|undefined} state
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.state = null;

        /**
         * Hello lastReport.
         * @member {mygpt.IStepReport|null|undefined} lastReport
         * @memberof mygpt.Hello
         * @instance
         */
        Hello.prototype.lastReport = null;

        /**
         * Creates a new Hello instance using the specified properties.
         * @function create
         * @memberof mygpt.Hello
         * @static
         * @param {mygpt.IHello=} [properties] Properties to set
         * @returns {mygpt.Hello} Hello instance
         */
        Hello.create = function create(properties) {
            return new Hello(properties);
        };

        /**
         * Encodes the specified Hello message. Does not implicitly {@link mygpt.Hello.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Hello
         * @static
         * @param {mygpt.IHello} m Hello message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Hello.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.protocolVersion != null && Object.hasOwnProperty.call(m, "protocolVersion"))
                w.uint32(8).uint32(m.protocolVersion);
            if (m.host != null && Object.hasOwnProperty.call(m, "host"))
                w.uint32(18).string(m.host);
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid"))
                w.uint32(24).uint32(m.pid);
            if (m.requestedRank != null && Object.hasOwnProperty.call(m, "requestedRank"))
                w.uint32(32).int32(m.requestedRank);
            if (m.device != null && Object.hasOwnProperty.call(m, "device"))
                w.uint32(42).string(m.device);
            if (m.backend != null && Object.hasOwnProperty.call(m, "backend"))
                w.uint32(50).string(m.backend);
            if (m.configHash != null && Object.hasOwnProperty.call(m, "configHash"))
                w.uint32(58).string(m.configHash);
            if (m.ringAddress != null && Object.hasOwnProperty.call(m, "ringAddress"))
                w.uint32(66).string(m.ringAddress);
            if (m.metricsAddress != null && Object.hasOwnProperty.call(m, "metricsAddress"))
                w.uint32(74).string(m.metricsAddress);
            if (m.nativeKernels != null && Object.hasOwnProperty.call(m, "nativeKernels"))
                w.uint32(82).string(m.nativeKernels);
            if (m.ringPublicKey != null && Object.hasOwnProperty.call(m, "ringPublicKey"))
                w.uint32(90).string(m.ringPublicKey);
            if (m.launchToken != null && Object.hasOwnProperty.call(m, "launchToken"))
                w.uint32(98).string(m.launchToken);
            if (m.ringTransport != null && Object.hasOwnProperty.call(m, "ringTransport"))
                w.uint32(106).string(m.ringTransport);
            if (m.expectedWorldSize != null && Object.hasOwnProperty.call(m, "expectedWorldSize"))
                w.uint32(112).uint32(m.expectedWorldSize);
            if (m.state != null && Object.hasOwnProperty.call(m, "state"))
                $root.mygpt.StateInfo.encode(m.state, w.uint32(122).fork(), q + 1).ldelim();
            if (m.lastReport != null && Object.hasOwnProperty.call(m, "lastReport"))
                $root.mygpt.StepReport.encode(m.lastReport, w.uint32(130).fork(), q + 1).ldelim();
            return w;
        };

        /**
         * Encodes the specified Hello message, length delimited. Does not implicitly {@link mygpt.Hello.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Hello
         * @static
         * @param {mygpt.IHello} message Hello message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Hello.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Hello message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Hello
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Hello} Hello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Hello.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Hello();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.protocolVersion = r.uint32();
                        break;
                    }
                case 2: {
                        m.host = r.string();
                        break;
                    }
                case 3: {
                        m.pid = r.uint32();
                        break;
                    }
                case 4: {
                        m.requestedRank = r.int32();
                        break;
                    }
                case 5: {
                        m.device = r.string();
                        break;
                    }
                case 6: {
                        m.backend = r.string();
                        break;
                    }
                case 7: {
                        m.configHash = r.string();
                        break;
                    }
                case 8: {
                        m.ringAddress = r.string();
                        break;
                    }
                case 9: {
                        m.metricsAddress = r.string();
                        break;
                    }
                case 10: {
                        m.nativeKernels = r.string();
                        break;
                    }
                case 11: {
                        m.ringPublicKey = r.string();
                        break;
                    }
                case 12: {
                        m.launchToken = r.string();
                        break;
                    }
                case 13: {
                        m.ringTransport = r.string();
                        break;
                    }
                case 14: {
                        m.expectedWorldSize = r.uint32();
                        break;
                    }
                case 15: {
                        m.state = $root.mygpt.StateInfo.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 16: {
                        m.lastReport = $root.mygpt.StepReport.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Hello message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Hello
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Hello} Hello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Hello.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Hello message.
         * @function verify
         * @memberof mygpt.Hello
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Hello.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.protocolVersion != null && Object.hasOwnProperty.call(m, "protocolVersion")) {
                if (!$util.isInteger(m.protocolVersion))
                    return "protocolVersion: integer expected";
            }
            if (m.host != null && Object.hasOwnProperty.call(m, "host")) {
                if (!$util.isString(m.host))
                    return "host: string expected";
            }
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid")) {
                if (!$util.isInteger(m.pid))
                    return "pid: integer expected";
            }
            if (m.requestedRank != null && Object.hasOwnProperty.call(m, "requestedRank")) {
                if (!$util.isInteger(m.requestedRank))
                    return "requestedRank: integer expected";
            }
            if (m.device != null && Object.hasOwnProperty.call(m, "device")) {
                if (!$util.isString(m.device))
                    return "device: string expected";
            }
            if (m.backend != null && Object.hasOwnProperty.call(m, "backend")) {
                if (!$util.isString(m.backend))
                    return "backend: string expected";
            }
            if (m.configHash != null && Object.hasOwnProperty.call(m, "configHash")) {
                if (!$util.isString(m.configHash))
                    return "configHash: string expected";
            }
            if (m.ringAddress != null && Object.hasOwnProperty.call(m, "ringAddress")) {
                if (!$util.isString(m.ringAddress))
                    return "ringAddress: string expected";
            }
            if (m.metricsAddress != null && Object.hasOwnProperty.call(m, "metricsAddress")) {
                if (!$util.isString(m.metricsAddress))
                    return "metricsAddress: string expected";
            }
            if (m.nativeKernels != null && Object.hasOwnProperty.call(m, "nativeKernels")) {
                if (!$util.isString(m.nativeKernels))
                    return "nativeKernels: string expected";
            }
            if (m.ringPublicKey != null && Object.hasOwnProperty.call(m, "ringPublicKey")) {
                if (!$util.isString(m.ringPublicKey))
                    return "ringPublicKey: string expected";
            }
            if (m.launchToken != null && Object.hasOwnProperty.call(m, "launchToken")) {
                if (!$util.isString(m.launchToken))
                    return "launchToken: string expected";
            }
            if (m.ringTransport != null && Object.hasOwnProperty.call(m, "ringTransport")) {
                if (!$util.isString(m.ringTransport))
                    return "ringTransport: string expected";
            }
            if (m.expectedWorldSize != null && Object.hasOwnProperty.call(m, "expectedWorldSize")) {
                if (!$util.isInteger(m.expectedWorldSize))
                    return "expectedWorldSize: integer expected";
            }
            if (m.state != null && Object.hasOwnProperty.call(m, "state")) {
                {
                    var e = $root.mygpt.StateInfo.verify(m.state, n + 1);
                    if (e)
                        return "state." + e;
                }
            }
            if (m.lastReport != null && Object.hasOwnProperty.call(m, "lastReport")) {
                {
                    var e = $root.mygpt.StepReport.verify(m.lastReport, n + 1);
                    if (e)
                        return "lastReport." + e;
                }
            }
            return null;
        };

        /**
         * Creates a Hello message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Hello
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Hello} Hello
         */
        Hello.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Hello)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Hello: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Hello();
            if (d.protocolVersion != null) {
                m.protocolVersion = d.protocolVersion >>> 0;
            }
            if (d.host != null) {
                m.host = String(d.host);
            }
            if (d.pid != null) {
                m.pid = d.pid >>> 0;
            }
            if (d.requestedRank != null) {
                m.requestedRank = d.requestedRank | 0;
            }
            if (d.device != null) {
                m.device = String(d.device);
            }
            if (d.backend != null) {
                m.backend = String(d.backend);
            }
            if (d.configHash != null) {
                m.configHash = String(d.configHash);
            }
            if (d.ringAddress != null) {
                m.ringAddress = String(d.ringAddress);
            }
            if (d.metricsAddress != null) {
                m.metricsAddress = String(d.metricsAddress);
            }
            if (d.nativeKernels != null) {
                m.nativeKernels = String(d.nativeKernels);
            }
            if (d.ringPublicKey != null) {
                m.ringPublicKey = String(d.ringPublicKey);
            }
            if (d.launchToken != null) {
                m.launchToken = String(d.launchToken);
            }
            if (d.ringTransport != null) {
                m.ringTransport = String(d.ringTransport);
            }
            if (d.expectedWorldSize != null) {
                m.expectedWorldSize = d.expectedWorldSize >>> 0;
            }
            if (d.state != null) {
                if (!$util.isObject(d.state))
                    throw TypeError(".mygpt.Hello.state: object expected");
                m.state = $root.mygpt.StateInfo.fromObject(d.state, n + 1);
            }
            if (d.lastReport != null) {
                if (!$util.isObject(d.lastReport))
                    throw TypeError(".mygpt.Hello.lastReport: object expected");
                m.lastReport = $root.mygpt.StepReport.fromObject(d.lastReport, n + 1);
            }
            return m;
        };

        /**
         * Creates a plain object from a Hello message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Hello
         * @static
         * @param {mygpt.Hello} m Hello
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Hello.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.protocolVersion = 0;
                d.host = "";
                d.pid = 0;
                d.requestedRank = 0;
                d.device = "";
                d.backend = "";
                d.configHash = "";
                d.ringAddress = "";
                d.metricsAddress = "";
                d.nativeKernels = "";
                d.ringPublicKey = "";
                d.launchToken = "";
                d.ringTransport = "";
                d.expectedWorldSize = 0;
                d.state = null;
                d.lastReport = null;
            }
            if (m.protocolVersion != null && Object.hasOwnProperty.call(m, "protocolVersion")) {
                d.protocolVersion = m.protocolVersion;
            }
            if (m.host != null && Object.hasOwnProperty.call(m, "host")) {
                d.host = m.host;
            }
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid")) {
                d.pid = m.pid;
            }
            if (m.requestedRank != null && Object.hasOwnProperty.call(m, "requestedRank")) {
                d.requestedRank = m.requestedRank;
            }
            if (m.device != null && Object.hasOwnProperty.call(m, "device")) {
                d.device = m.device;
            }
            if (m.backend != null && Object.hasOwnProperty.call(m, "backend")) {
                d.backend = m.backend;
            }
            if (m.configHash != null && Object.hasOwnProperty.call(m, "configHash")) {
                d.configHash = m.configHash;
            }
            if (m.ringAddress != null && Object.hasOwnProperty.call(m, "ringAddress")) {
                d.ringAddress = m.ringAddress;
            }
            if (m.metricsAddress != null && Object.hasOwnProperty.call(m, "metricsAddress")) {
                d.metricsAddress = m.metricsAddress;
            }
            if (m.nativeKernels != null && Object.hasOwnProperty.call(m, "nativeKernels")) {
                d.nativeKernels = m.nativeKernels;
            }
            if (m.ringPublicKey != null && Object.hasOwnProperty.call(m, "ringPublicKey")) {
                d.ringPublicKey = m.ringPublicKey;
            }
            if (m.launchToken != null && Object.hasOwnProperty.call(m, "launchToken")) {
                d.launchToken = m.launchToken;
            }
            if (m.ringTransport != null && Object.hasOwnProperty.call(m, "ringTransport")) {
                d.ringTransport = m.ringTransport;
            }
            if (m.expectedWorldSize != null && Object.hasOwnProperty.call(m, "expectedWorldSize")) {
                d.expectedWorldSize = m.expectedWorldSize;
            }
            if (m.state != null && Object.hasOwnProperty.call(m, "state")) {
                d.state = $root.mygpt.StateInfo.toObject(m.state, o, q + 1);
            }
            if (m.lastReport != null && Object.hasOwnProperty.call(m, "lastReport")) {
                d.lastReport = $root.mygpt.StepReport.toObject(m.lastReport, o, q + 1);
            }
            return d;
        };

        /**
         * Converts this Hello to JSON.
         * @function toJSON
         * @memberof mygpt.Hello
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Hello.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Hello
         * @function getTypeUrl
         * @memberof mygpt.Hello
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Hello.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Hello";
        };

        return Hello;
    })();

    mygpt.StateInfo = (function() {

        /**
         * Properties of a StateInfo.
         * @memberof mygpt
         * @interface IStateInfo
         * @property {number|null} [step] StateInfo step
         * @property {string|null} [checksum] StateInfo checksum
         * @property {number|null} [bytes] StateInfo bytes
         * @property {number|null} [generation] StateInfo generation
         */

        /**
         * Constructs a new StateInfo.
         * @memberof mygpt
         * @classdesc Represents a StateInfo.
         * @implements IStateInfo
         * @constructor
         * @param {mygpt.IStateInfo=} [p] Properties to set
         */
        function StateInfo(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * StateInfo step.
         * @member {number} step
         * @memberof mygpt.StateInfo
         * @instance
         */
        StateInfo.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StateInfo checksum.
         * @member {string} checksum
         * @memberof mygpt.StateInfo
         * @instance
         */
        StateInfo.prototype.checksum = "";

        /**
         * StateInfo bytes.
         * @member {number} bytes
         * @memberof mygpt.StateInfo
         * @instance
         */
        StateInfo.prototype.bytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StateInfo generation.
         * @member {number} generation
         * @memberof mygpt.StateInfo
         * @instance
         */
        StateInfo.prototype.generation = 0;

        /**
         * Creates a new StateInfo instance using the specified properties.
         * @function create
         * @memberof mygpt.StateInfo
         * @static
         * @param {mygpt.IStateInfo=} [properties] Properties to set
         * @returns {mygpt.StateInfo} StateInfo instance
         */
        StateInfo.create = function create(properties) {
            return new StateInfo(properties);
        };

        /**
         * Encodes the specified StateInfo message. Does not implicitly {@link mygpt.StateInfo.verify|verify} messages.
         * @function encode
         * @memberof mygpt.StateInfo
         * @static
         * @param {mygpt.IStateInfo} m StateInfo message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StateInfo.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.step != null && Object.hasOwnProperty.call(m, "step"))
                w.uint32(8).uint64(m.step);
            if (m.checksum != null && Object.hasOwnProperty.call(m, "checksum"))
                w.uint32(18).string(m.checksum);
            if (m.bytes != null && Object.hasOwnProperty.call(m, "bytes"))
                w.uint32(24).uint64(m.bytes);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(32).uint32(m.generation);
            return w;
        };

        /**
         * Encodes the specified StateInfo message, length delimited. Does not implicitly {@link mygpt.StateInfo.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.StateInfo
         * @static
         * @param {mygpt.IStateInfo} message StateInfo message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StateInfo.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a StateInfo message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.StateInfo
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.StateInfo} StateInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StateInfo.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.StateInfo();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.step = r.uint64();
                        break;
                    }
                case 2: {
                        m.checksum = r.string();
                        break;
                    }
                case 3: {
                        m.bytes = r.uint64();
                        break;
                    }
                case 4: {
                        m.generation = r.uint32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a StateInfo message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.StateInfo
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.StateInfo} StateInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StateInfo.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a StateInfo message.
         * @function verify
         * @memberof mygpt.StateInfo
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        StateInfo.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (!$util.isInteger(m.step) && !(m.step && $util.isInteger(m.step.low) && $util.isInteger(m.step.high)))
                    return "step: integer|Long expected";
            }
            if (m.checksum != null && Object.hasOwnProperty.call(m, "checksum")) {
                if (!$util.isString(m.checksum))
                    return "checksum: string expected";
            }
            if (m.bytes != null && Object.hasOwnProperty.call(m, "bytes")) {
                if (!$util.isInteger(m.bytes) && !(m.bytes && $util.isInteger(m.bytes.low) && $util.isInteger(m.bytes.high)))
                    return "bytes: integer|Long expected";
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            return null;
        };

        /**
         * Creates a StateInfo message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.StateInfo
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.StateInfo} StateInfo
         */
        StateInfo.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.StateInfo)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.StateInfo: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.StateInfo();
            if (d.step != null) {
                if ($util.Long)
                    m.step = $util.Long.fromValue(d.step, true);
                else if (typeof d.step === "string")
                    m.step = parseInt(d.step, 10);
                else if (typeof d.step === "number")
                    m.step = d.step;
                else if (typeof d.step === "object")
                    m.step = new $util.LongBits(d.step.low >>> 0, d.step.high >>> 0).toNumber(true);
            }
            if (d.checksum != null) {
                m.checksum = String(d.checksum);
            }
            if (d.bytes != null) {
                if ($util.Long)
                    m.bytes = $util.Long.fromValue(d.bytes, true);
                else if (typeof d.bytes === "string")
                    m.bytes = parseInt(d.bytes, 10);
                else if (typeof d.bytes === "number")
                    m.bytes = d.bytes;
                else if (typeof d.bytes === "object")
                    m.bytes = new $util.LongBits(d.bytes.low >>> 0, d.bytes.high >>> 0).toNumber(true);
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            return m;
        };

        /**
         * Creates a plain object from a StateInfo message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.StateInfo
         * @static
         * @param {mygpt.StateInfo} m StateInfo
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        StateInfo.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.step = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.step = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.checksum = "";
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.bytes = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.bytes = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.generation = 0;
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.step = typeof m.step === "number" ? BigInt(m.step) : $util.Long.fromBits(m.step.low >>> 0, m.step.high >>> 0, true).toBigInt();
                else if (typeof m.step === "number")
                    d.step = o.longs === String ? String(m.step) : m.step;
                else
                    d.step = o.longs === String ? $util.Long.prototype.toString.call(m.step) : o.longs === Number ? new $util.LongBits(m.step.low >>> 0, m.step.high >>> 0).toNumber(true) : m.step;
            }
            if (m.checksum != null && Object.hasOwnProperty.call(m, "checksum")) {
                d.checksum = m.checksum;
            }
            if (m.bytes != null && Object.hasOwnProperty.call(m, "bytes")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.bytes = typeof m.bytes === "number" ? BigInt(m.bytes) : $util.Long.fromBits(m.bytes.low >>> 0, m.bytes.high >>> 0, true).toBigInt();
                else if (typeof m.bytes === "number")
                    d.bytes = o.longs === String ? String(m.bytes) : m.bytes;
                else
                    d.bytes = o.longs === String ? $util.Long.prototype.toString.call(m.bytes) : o.longs === Number ? new $util.LongBits(m.bytes.low >>> 0, m.bytes.high >>> 0).toNumber(true) : m.bytes;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            return d;
        };

        /**
         * Converts this StateInfo to JSON.
         * @function toJSON
         * @memberof mygpt.StateInfo
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        StateInfo.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for StateInfo
         * @function getTypeUrl
         * @memberof mygpt.StateInfo
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        StateInfo.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.StateInfo";
        };

        return StateInfo;
    })();

    mygpt.Welcome = (function() {

        /**
         * Properties of a Welcome.
         * @memberof mygpt
         * @interface IWelcome
         * @property {number|null} [rank] Welcome rank
         * @property {number|null} [worldSize] Welcome worldSize
         * @property {Array.<string>|null} [ringAddresses] Welcome ringAddresses
         * @property {number|null} [startStep] Welcome startStep
         * @property {string|null} [checkpointPath] Welcome checkpointPath
         * @property {number|null} [generation] Welcome generation
         * @property {Array.<string>|null} [ringPublicKeys] Welcome ringPublicKeys
         * @property {Uint8Array|null} [ringSecret] Welcome ringSecret
         * @property {number|null} [donor] Welcome donor
         * @property {boolean|null} [transfer] Welcome transfer
         * @property {mygpt.IStateInfo|null} [state] Welcome state
         * @property {number|null} [slot] Welcome slot
         * @property {number|null} [configuredWorldSize] Welcome configuredWorldSize
         */

        /**
         * Constructs a new Welcome.
         * @memberof mygpt
         * @classdesc Represents a Welcome.
         * @implements IWelcome
         * @constructor
         * @param {mygpt.IWelcome=} [p] Properties to set
         */
        function Welcome(p) {
            this.ringAddresses = [];
            this.ringPublicKeys = [];
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Welcome rank.
         * @member {number} rank
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.rank = 0;

        /**
         * Welcome worldSize.
         * @member {number} worldSize
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.worldSize = 0;

        /**
         * Welcome ringAddresses.
         * @member {Array.<string>} ringAddresses
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.ringAddresses = $util.emptyArray;

        /**
         * Welcome startStep.
         * @member {number} startStep
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.startStep = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Welcome checkpointPath.
         * @member {string} checkpointPath
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.checkpointPath = "";

        /**
         * Welcome generation.
         * @member {number} generation
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.generation = 0;

        /**
         * Welcome ringPublicKeys.
         * @member {Array.<string>} ringPublicKeys
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.ringPublicKeys = $util.emptyArray;

        /**
         * Welcome ringSecret.
         * @member {Uint8Array} ringSecret
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.ringSecret = $util.newBuffer([]);

        /**
         * Welcome donor.
         * @member {number} donor
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.donor = 0;

        /**
         * Welcome transfer.
         * @member {boolean} transfer
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.transfer = false;

        /**
         * Welcome state.
         * @member {mygpt.IStateInfo|null|undefined} state
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.state = null;

        /**
         * Welcome slot.
         * @member {number} slot
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.slot = 0;

        /**
         * Welcome configuredWorldSize.
         * @member {number} configuredWorldSize
         * @memberof mygpt.Welcome
         * @instance
         */
        Welcome.prototype.configuredWorldSize = 0;

        /**
         * Creates a new Welcome instance using the specified properties.
         * @function create
         * @memberof mygpt.Welcome
         * @static
         * @param {mygpt.IWelcome=} [properties] Properties to set
         * @returns {mygpt.Welcome} Welcome instance
         */
        Welcome.create = function create(properties) {
            return new Welcome(properties);
        };

        /**
         * Encodes the specified Welcome message. Does not implicitly {@link mygpt.Welcome.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Welcome
         * @static
         * @param {mygpt.IWelcome} m Welcome message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Welcome.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank"))
                w.uint32(8).uint32(m.rank);
            if (m.worldSize != null && Object.hasOwnProperty.call(m, "worldSize"))
                w.uint32(16).uint32(m.worldSize);
            if (m.ringAddresses != null && m.ringAddresses.length) {
                for (var i = 0; i < m.ringAddresses.length; ++i)
                    w.uint32(26).string(m.ringAddresses[i]);
            }
            if (m.startStep != null && Object.hasOwnProperty.call(m, "startStep"))
                w.uint32(32).uint64(m.startStep);
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath"))
                w.uint32(42).string(m.checkpointPath);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(48).uint32(m.generation);
            if (m.ringPublicKeys != null && m.ringPublicKeys.length) {
                for (var i = 0; i < m.ringPublicKeys.length; ++i)
                    w.uint32(58).string(m.ringPublicKeys[i]);
            }
            if (m.ringSecret != null && Object.hasOwnProperty.call(m, "ringSecret"))
                w.uint32(66).bytes(m.ringSecret);
            if (m.donor != null && Object.hasOwnProperty.call(m, "donor"))
                w.uint32(72).int32(m.donor);
            if (m.transfer != null && Object.hasOwnProperty.call(m, "transfer"))
                w.uint32(80).bool(m.transfer);
            if (m.state != null && Object.hasOwnProperty.call(m, "state"))
                $root.mygpt.StateInfo.encode(m.state, w.uint32(90).fork(), q + 1).ldelim();
            if (m.slot != null && Object.hasOwnProperty.call(m, "slot"))
                w.uint32(96).uint32(m.slot);
            if (m.configuredWorldSize != null && Object.hasOwnProperty.call(m, "configuredWorldSize"))
                w.uint32(104).uint32(m.configuredWorldSize);
            return w;
        };

        /**
         * Encodes the specified Welcome message, length delimited. Does not implicitly {@link mygpt.Welcome.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Welcome
         * @static
         * @param {mygpt.IWelcome} message Welcome message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Welcome.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Welcome message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Welcome
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Welcome} Welcome
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Welcome.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Welcome();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.rank = r.uint32();
                        break;
                    }
                case 2: {
                        m.worldSize = r.uint32();
                        break;
                    }
                case 3: {
                        if (!(m.ringAddresses && m.ringAddresses.length))
                            m.ringAddresses = [];
                        m.ringAddresses.push(r.string());
                        break;
                    }
                case 4: {
                        m.startStep = r.uint64();
                        break;
                    }
                case 5: {
                        m.checkpointPath = r.string();
                        break;
                    }
                case 6: {
                        m.generation = r.uint32();
                        break;
                    }
                case 7: {
                        if (!(m.ringPublicKeys && m.ringPublicKeys.length))
                            m.ringPublicKeys = [];
                        m.ringPublicKeys.push(r.string());
                        break;
                    }
                case 8: {
                        m.ringSecret = r.bytes();
                        break;
                    }
                case 9: {
                        m.donor = r.int32();
                        break;
                    }
                case 10: {
                        m.transfer = r.bool();
                        break;
                    }
                case 11: {
                        m.state = $root.mygpt.StateInfo.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 12: {
                        m.slot = r.uint32();
                        break;
                    }
                case 13: {
                        m.configuredWorldSize = r.uint32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Welcome message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Welcome
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Welcome} Welcome
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Welcome.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Welcome message.
         * @function verify
         * @memberof mygpt.Welcome
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Welcome.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                if (!$util.isInteger(m.rank))
                    return "rank: integer expected";
            }
            if (m.worldSize != null && Object.hasOwnProperty.call(m, "worldSize")) {
                if (!$util.isInteger(m.worldSize))
                    return "worldSize: integer expected";
            }
            if (m.ringAddresses != null && Object.hasOwnProperty.call(m, "ringAddresses")) {
                if (!Array.isArray(m.ringAddresses))
                    return "ringAddresses: array expected";
                for (var i = 0; i < m.ringAddresses.length; ++i) {
                    if (!$util.isString(m.ringAddresses[i]))
                        return "ringAddresses: string[] expected";
                }
            }
            if (m.startStep != null && Object.hasOwnProperty.call(m, "startStep")) {
                if (!$util.isInteger(m.startStep) && !(m.startStep && $util.isInteger(m.startStep.low) && $util.isInteger(m.startStep.high)))
                    return "startStep: integer|Long expected";
            }
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath")) {
                if (!$util.isString(m.checkpointPath))
                    return "checkpointPath: string expected";
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            if (m.ringPublicKeys != null && Object.hasOwnProperty.call(m, "ringPublicKeys")) {
                if (!Array.isArray(m.ringPublicKeys))
                    return "ringPublicKeys: array expected";
                for (var i = 0; i < m.ringPublicKeys.length; ++i) {
                    if (!$util.isString(m.ringPublicKeys[i]))
                        return "ringPublicKeys: string[] expected";
                }
            }
            if (m.ringSecret != null && Object.hasOwnProperty.call(m, "ringSecret")) {
                if (!(m.ringSecret && typeof m.ringSecret.length === "number" || $util.isString(m.ringSecret)))
                    return "ringSecret: buffer expected";
            }
            if (m.donor != null && Object.hasOwnProperty.call(m, "donor")) {
                if (!$util.isInteger(m.donor))
                    return "donor: integer expected";
            }
            if (m.transfer != null && Object.hasOwnProperty.call(m, "transfer")) {
                if (typeof m.transfer !== "boolean")
                    return "transfer: boolean expected";
            }
            if (m.state != null && Object.hasOwnProperty.call(m, "state")) {
                {
                    var e = $root.mygpt.StateInfo.verify(m.state, n + 1);
                    if (e)
                        return "state." + e;
                }
            }
            if (m.slot != null && Object.hasOwnProperty.call(m, "slot")) {
                if (!$util.isInteger(m.slot))
                    return "slot: integer expected";
            }
            if (m.configuredWorldSize != null && Object.hasOwnProperty.call(m, "configuredWorldSize")) {
                if (!$util.isInteger(m.configuredWorldSize))
                    return "configuredWorldSize: integer expected";
            }
            return null;
        };

        /**
         * Creates a Welcome message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Welcome
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Welcome} Welcome
         */
        Welcome.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Welcome)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Welcome: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Welcome();
            if (d.rank != null) {
                m.rank = d.rank >>> 0;
            }
            if (d.worldSize != null) {
                m.worldSize = d.worldSize >>> 0;
            }
            if (d.ringAddresses) {
                if (!Array.isArray(d.ringAddresses))
                    throw TypeError(".mygpt.Welcome.ringAddresses: array expected");
                m.ringAddresses = [];
                for (var i = 0; i < d.ringAddresses.length; ++i) {
                    m.ringAddresses[i] = String(d.ringAddresses[i]);
                }
            }
            if (d.startStep != null) {
                if ($util.Long)
                    m.startStep = $util.Long.fromValue(d.startStep, true);
                else if (typeof d.startStep === "string")
                    m.startStep = parseInt(d.startStep, 10);
                else if (typeof d.startStep === "number")
                    m.startStep = d.startStep;
                else if (typeof d.startStep === "object")
                    m.startStep = new $util.LongBits(d.startStep.low >>> 0, d.startStep.high >>> 0).toNumber(true);
            }
            if (d.checkpointPath != null) {
                m.checkpointPath = String(d.checkpointPath);
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            if (d.ringPublicKeys) {
                if (!Array.isArray(d.ringPublicKeys))
                    throw TypeError(".mygpt.Welcome.ringPublicKeys: array expected");
                m.ringPublicKeys = [];
                for (var i = 0; i < d.ringPublicKeys.length; ++i) {
                    m.ringPublicKeys[i] = String(d.ringPublicKeys[i]);
                }
            }
            if (d.ringSecret != null) {
                if (typeof d.ringSecret === "string")
                    $util.base64.decode(d.ringSecret, m.ringSecret = $util.newBuffer($util.base64.length(d.ringSecret)), 0);
                else if (d.ringSecret.length >= 0)
                    m.ringSecret = d.ringSecret;
            }
            if (d.donor != null) {
                m.donor = d.donor | 0;
            }
            if (d.transfer != null) {
                m.transfer = Boolean(d.transfer);
            }
            if (d.state != null) {
                if (!$util.isObject(d.state))
                    throw TypeError(".mygpt.Welcome.state: object expected");
                m.state = $root.mygpt.StateInfo.fromObject(d.state, n + 1);
            }
            if (d.slot != null) {
                m.slot = d.slot >>> 0;
            }
            if (d.configuredWorldSize != null) {
                m.configuredWorldSize = d.configuredWorldSize >>> 0;
            }
            return m;
        };

        /**
         * Creates a plain object from a Welcome message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Welcome
         * @static
         * @param {mygpt.Welcome} m Welcome
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Welcome.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.arrays || o.defaults) {
                d.ringAddresses = [];
                d.ringPublicKeys = [];
            }
            if (o.defaults) {
                d.rank = 0;
                d.worldSize = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.startStep = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.startStep = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.checkpointPath = "";
                d.generation = 0;
                if (o.bytes === String)
                    d.ringSecret = "";
                else {
                    d.ringSecret = [];
                    if (o.bytes !== Array)
                        d.ringSecret = $util.newBuffer(d.ringSecret);
                }
                d.donor = 0;
                d.transfer = false;
                d.state = null;
                d.slot = 0;
                d.configuredWorldSize = 0;
            }
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                d.rank = m.rank;
            }
            if (m.worldSize != null && Object.hasOwnProperty.call(m, "worldSize")) {
                d.worldSize = m.worldSize;
            }
            if (m.ringAddresses && m.ringAddresses.length) {
                d.ringAddresses = [];
                for (var j = 0; j < m.ringAddresses.length; ++j) {
                    d.ringAddresses[j] = m.ringAddresses[j];
                }
            }
            if (m.startStep != null && Object.hasOwnProperty.call(m, "startStep")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.startStep = typeof m.startStep === "number" ? BigInt(m.startStep) : $util.Long.fromBits(m.startStep.low >>> 0, m.startStep.high >>> 0, true).toBigInt();
                else if (typeof m.startStep === "number")
                    d.startStep = o.longs === String ? String(m.startStep) : m.startStep;
                else
                    d.startStep = o.longs === String ? $util.Long.prototype.toString.call(m.startStep) : o.longs === Number ? new $util.LongBits(m.startStep.low >>> 0, m.startStep.high >>> 0).toNumber(true) : m.startStep;
            }
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath")) {
                d.checkpointPath = m.checkpointPath;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            if (m.ringPublicKeys && m.ringPublicKeys.length) {
                d.ringPublicKeys = [];
                for (var j = 0; j < m.ringPublicKeys.length; ++j) {
                    d.ringPublicKeys[j] = m.ringPublicKeys[j];
                }
            }
            if (m.ringSecret != null && Object.hasOwnProperty.call(m, "ringSecret")) {
                d.ringSecret = o.bytes === String ? $util.base64.encode(m.ringSecret, 0, m.ringSecret.length) : o.bytes === Array ? Array.prototype.slice.call(m.ringSecret) : m.ringSecret;
            }
            if (m.donor != null && Object.hasOwnProperty.call(m, "donor")) {
                d.donor = m.donor;
            }
            if (m.transfer != null && Object.hasOwnProperty.call(m, "transfer")) {
                d.transfer = m.transfer;
            }
            if (m.state != null && Object.hasOwnProperty.call(m, "state")) {
                d.state = $root.mygpt.StateInfo.toObject(m.state, o, q + 1);
            }
            if (m.slot != null && Object.hasOwnProperty.call(m, "slot")) {
                d.slot = m.slot;
            }
            if (m.configuredWorldSize != null && Object.hasOwnProperty.call(m, "configuredWorldSize")) {
                d.configuredWorldSize = m.configuredWorldSize;
            }
            return d;
        };

        /**
         * Converts this Welcome to JSON.
         * @function toJSON
         * @memberof mygpt.Welcome
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Welcome.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Welcome
         * @function getTypeUrl
         * @memberof mygpt.Welcome
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Welcome.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Welcome";
        };

        return Welcome;
    })();

    /**
     * RefuseReason enum.
     * @name mygpt.RefuseReason
     * @enum {number}
     * @property {number} REFUSE_REASON_UNSPECIFIED=0 REFUSE_REASON_UNSPECIFIED value
     * @property {number} REFUSE_PROTOCOL_MISMATCH=1 REFUSE_PROTOCOL_MISMATCH value
     * @property {number} REFUSE_CONFIG_MISMATCH=2 REFUSE_CONFIG_MISMATCH value
     * @property {number} REFUSE_RANK_OUT_OF_RANGE=3 REFUSE_RANK_OUT_OF_RANGE value
     * @property {number} REFUSE_RANK_TAKEN=4 REFUSE_RANK_TAKEN value
     * @property {number} REFUSE_BAD_LAUNCH_TOKEN=5 REFUSE_BAD_LAUNCH_TOKEN value
     * @property {number} REFUSE_GANG_FULL=6 REFUSE_GANG_FULL value
     * @property {number} REFUSE_KEY_MISMATCH=7 REFUSE_KEY_MISMATCH value
     * @property {number} REFUSE_NOT_ACCEPTING=8 REFUSE_NOT_ACCEPTING value
     */
    mygpt.RefuseReason = (function() {
        var valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "REFUSE_REASON_UNSPECIFIED"] = 0;
        values[valuesById[1] = "REFUSE_PROTOCOL_MISMATCH"] = 1;
        values[valuesById[2] = "REFUSE_CONFIG_MISMATCH"] = 2;
        values[valuesById[3] = "REFUSE_RANK_OUT_OF_RANGE"] = 3;
        values[valuesById[4] = "REFUSE_RANK_TAKEN"] = 4;
        values[valuesById[5] = "REFUSE_BAD_LAUNCH_TOKEN"] = 5;
        values[valuesById[6] = "REFUSE_GANG_FULL"] = 6;
        values[valuesById[7] = "REFUSE_KEY_MISMATCH"] = 7;
        values[valuesById[8] = "REFUSE_NOT_ACCEPTING"] = 8;
        return values;
    })();

    mygpt.Refuse = (function() {

        /**
         * Properties of a Refuse.
         * @memberof mygpt
         * @interface IRefuse
         * @property {string|null} [reason] Refuse reason
         * @property {mygpt.RefuseReason|null} [code] Refuse code
         */

        /**
         * Constructs a new Refuse.
         * @memberof mygpt
         * @classdesc Represents a Refuse.
         * @implements IRefuse
         * @constructor
         * @param {mygpt.IRefuse=} [p] Properties to set
         */
        function Refuse(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Refuse reason.
         * @member {string} reason
         * @memberof mygpt.Refuse
         * @instance
         */
        Refuse.prototype.reason = "";

        /**
         * Refuse code.
         * @member {mygpt.RefuseReason} code
         * @memberof mygpt.Refuse
         * @instance
         */
        Refuse.prototype.code = 0;

        /**
         * Creates a new Refuse instance using the specified properties.
         * @function create
         * @memberof mygpt.Refuse
         * @static
         * @param {mygpt.IRefuse=} [properties] Properties to set
         * @returns {mygpt.Refuse} Refuse instance
         */
        Refuse.create = function create(properties) {
            return new Refuse(properties);
        };

        /**
         * Encodes the specified Refuse message. Does not implicitly {@link mygpt.Refuse.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Refuse
         * @static
         * @param {mygpt.IRefuse} m Refuse message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Refuse.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason"))
                w.uint32(10).string(m.reason);
            if (m.code != null && Object.hasOwnProperty.call(m, "code"))
                w.uint32(16).int32(m.code);
            return w;
        };

        /**
         * Encodes the specified Refuse message, length delimited. Does not implicitly {@link mygpt.Refuse.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Refuse
         * @static
         * @param {mygpt.IRefuse} message Refuse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Refuse.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Refuse message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Refuse
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Refuse} Refuse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Refuse.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Refuse();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.reason = r.string();
                        break;
                    }
                case 2: {
                        m.code = r.int32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Refuse message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Refuse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Refuse} Refuse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Refuse.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Refuse message.
         * @function verify
         * @memberof mygpt.Refuse
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Refuse.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                if (!$util.isString(m.reason))
                    return "reason: string expected";
            }
            if (m.code != null && Object.hasOwnProperty.call(m, "code")) {
                switch (m.code) {
                default:
                    return "code: enum value expected";
                case 0:
                case 1:
                case 2:
                case 3:
                case 4:
                case 5:
                case 6:
                case 7:
                case 8:
                    break;
                }
            }
            return null;
        };

        /**
         * Creates a Refuse message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Refuse
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Refuse} Refuse
         */
        Refuse.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Refuse)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Refuse: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Refuse();
            if (d.reason != null) {
                m.reason = String(d.reason);
            }
            switch (d.code) {
            default:
                if (typeof d.code === "number") {
                    m.code = d.code;
                    break;
                }
                break;
            case "REFUSE_REASON_UNSPECIFIED":
            case 0:
                m.code = 0;
                break;
            case "REFUSE_PROTOCOL_MISMATCH":
            case 1:
                m.code = 1;
                break;
            case "REFUSE_CONFIG_MISMATCH":
            case 2:
                m.code = 2;
                break;
            case "REFUSE_RANK_OUT_OF_RANGE":
            case 3:
                m.code = 3;
                break;
            case "REFUSE_RANK_TAKEN":
            case 4:
                m.code = 4;
                break;
            case "REFUSE_BAD_LAUNCH_TOKEN":
            case 5:
                m.code = 5;
                break;
            case "REFUSE_GANG_FULL":
            case 6:
                m.code = 6;
                break;
            case "REFUSE_KEY_MISMATCH":
            case 7:
                m.code = 7;
                break;
            case "REFUSE_NOT_ACCEPTING":
            case 8:
                m.code = 8;
                break;
            }
            return m;
        };

        /**
         * Creates a plain object from a Refuse message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Refuse
         * @static
         * @param {mygpt.Refuse} m Refuse
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Refuse.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.reason = "";
                d.code = o.enums === String ? "REFUSE_REASON_UNSPECIFIED" : 0;
            }
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                d.reason = m.reason;
            }
            if (m.code != null && Object.hasOwnProperty.call(m, "code")) {
                d.code = o.enums === String ? $root.mygpt.RefuseReason[m.code] === undefined ? m.code : $root.mygpt.RefuseReason[m.code] : m.code;
            }
            return d;
        };

        /**
         * Converts this Refuse to JSON.
         * @function toJSON
         * @memberof mygpt.Refuse
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Refuse.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Refuse
         * @function getTypeUrl
         * @memberof mygpt.Refuse
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Refuse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Refuse";
        };

        return Refuse;
    })();

    mygpt.Start = (function() {

        /**
         * Properties of a Start.
         * @memberof mygpt
         * @interface IStart
         * @property {number|null} [startStep] Start startStep
         * @property {number|null} [generation] Start generation
         */

        /**
         * Constructs a new Start.
         * @memberof mygpt
         * @classdesc Represents a Start.
         * @implements IStart
         * @constructor
         * @param {mygpt.IStart=} [p] Properties to set
         */
        function Start(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Start startStep.
         * @member {number} startStep
         * @memberof mygpt.Start
         * @instance
         */
        Start.prototype.startStep = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Start generation.
         * @member {number} generation
         * @memberof mygpt.Start
         * @instance
         */
        Start.prototype.generation = 0;

        /**
         * Creates a new Start instance using the specified properties.
         * @function create
         * @memberof mygpt.Start
         * @static
         * @param {mygpt.IStart=} [properties] Properties to set
         * @returns {mygpt.Start} Start instance
         */
        Start.create = function create(properties) {
            return new Start(properties);
        };

        /**
         * Encodes the specified Start message. Does not implicitly {@link mygpt.Start.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Start
         * @static
         * @param {mygpt.IStart} m Start message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Start.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.startStep != null && Object.hasOwnProperty.call(m, "startStep"))
                w.uint32(8).uint64(m.startStep);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(16).uint32(m.generation);
            return w;
        };

        /**
         * Encodes the specified Start message, length delimited. Does not implicitly {@link mygpt.Start.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Start
         * @static
         * @param {mygpt.IStart} message Start message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Start.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Start message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Start
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Start} Start
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Start.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Start();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.startStep = r.uint64();
                        break;
                    }
                case 2: {
                        m.generation = r.uint32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Start message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Start
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Start} Start
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Start.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Start message.
         * @function verify
         * @memberof mygpt.Start
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Start.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.startStep != null && Object.hasOwnProperty.call(m, "startStep")) {
                if (!$util.isInteger(m.startStep) && !(m.startStep && $util.isInteger(m.startStep.low) && $util.isInteger(m.startStep.high)))
                    return "startStep: integer|Long expected";
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            return null;
        };

        /**
         * Creates a Start message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Start
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Start} Start
         */
        Start.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Start)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Start: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Start();
            if (d.startStep != null) {
                if ($util.Long)
                    m.startStep = $util.Long.fromValue(d.startStep, true);
                else if (typeof d.startStep === "string")
                    m.startStep = parseInt(d.startStep, 10);
                else if (typeof d.startStep === "number")
                    m.startStep = d.startStep;
                else if (typeof d.startStep === "object")
                    m.startStep = new $util.LongBits(d.startStep.low >>> 0, d.startStep.high >>> 0).toNumber(true);
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            return m;
        };

        /**
         * Creates a plain object from a Start message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Start
         * @static
         * @param {mygpt.Start} m Start
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Start.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.startStep = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.startStep = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.generation = 0;
            }
            if (m.startStep != null && Object.hasOwnProperty.call(m, "startStep")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.startStep = typeof m.startStep === "number" ? BigInt(m.startStep) : $util.Long.fromBits(m.startStep.low >>> 0, m.startStep.high >>> 0, true).toBigInt();
                else if (typeof m.startStep === "number")
                    d.startStep = o.longs === String ? String(m.startStep) : m.startStep;
                else
                    d.startStep = o.longs === String ? $util.Long.prototype.toString.call(m.startStep) : o.longs === Number ? new $util.LongBits(m.startStep.low >>> 0, m.startStep.high >>> 0).toNumber(true) : m.startStep;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            return d;
        };

        /**
         * Converts this Start to JSON.
         * @function toJSON
         * @memberof mygpt.Start
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Start.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Start
         * @function getTypeUrl
         * @memberof mygpt.Start
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Start.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Start";
        };

        return Start;
    })();

    mygpt.Heartbeat = (function() {

        /**
         * Properties of a Heartbeat.
         * @memberof mygpt
         * @interface IHeartbeat
         * @property {number|null} [rank] Heartbeat rank
         * @property {number|null} [step] Heartbeat step
         * @property {number|null} [unixMs] Heartbeat unixMs
         * @property {number|null} [generation] Heartbeat generation
         */

        /**
         * Constructs a new Heartbeat.
         * @memberof mygpt
         * @classdesc Represents a Heartbeat.
         * @implements IHeartbeat
         * @constructor
         * @param {mygpt.IHeartbeat=} [p] Properties to set
         */
        function Heartbeat(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Heartbeat rank.
         * @member {number} rank
         * @memberof mygpt.Heartbeat
         * @instance
         */
        Heartbeat.prototype.rank = 0;

        /**
         * Heartbeat step.
         * @member {number} step
         * @memberof mygpt.Heartbeat
         * @instance
         */
        Heartbeat.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Heartbeat unixMs.
         * @member {number} unixMs
         * @memberof mygpt.Heartbeat
         * @instance
         */
        Heartbeat.prototype.unixMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Heartbeat generation.
         * @member {number} generation
         * @memberof mygpt.Heartbeat
         * @instance
         */
        Heartbeat.prototype.generation = 0;

        /**
         * Creates a new Heartbeat instance using the specified properties.
         * @function create
         * @memberof mygpt.Heartbeat
         * @static
         * @param {mygpt.IHeartbeat=} [properties] Properties to set
         * @returns {mygpt.Heartbeat} Heartbeat instance
         */
        Heartbeat.create = function create(properties) {
            return new Heartbeat(properties);
        };

        /**
         * Encodes the specified Heartbeat message. Does not implicitly {@link mygpt.Heartbeat.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Heartbeat
         * @static
         * @param {mygpt.IHeartbeat} m Heartbeat message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Heartbeat.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank"))
                w.uint32(8).uint32(m.rank);
            if (m.step != null && Object.hasOwnProperty.call(m, "step"))
                w.uint32(16).uint64(m.step);
            if (m.unixMs != null && Object.hasOwnProperty.call(m, "unixMs"))
                w.uint32(24).uint64(m.unixMs);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(32).uint32(m.generation);
            return w;
        };

        /**
         * Encodes the specified Heartbeat message, length delimited. Does not implicitly {@link mygpt.Heartbeat.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Heartbeat
         * @static
         * @param {mygpt.IHeartbeat} message Heartbeat message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Heartbeat.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Heartbeat message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Heartbeat
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Heartbeat} Heartbeat
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Heartbeat.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Heartbeat();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.rank = r.uint32();
                        break;
                    }
                case 2: {
                        m.step = r.uint64();
                        break;
                    }
                case 3: {
                        m.unixMs = r.uint64();
                        break;
                    }
                case 4: {
                        m.generation = r.uint32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Heartbeat message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Heartbeat
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Heartbeat} Heartbeat
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Heartbeat.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Heartbeat message.
         * @function verify
         * @memberof mygpt.Heartbeat
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Heartbeat.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                if (!$util.isInteger(m.rank))
                    return "rank: integer expected";
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (!$util.isInteger(m.step) && !(m.step && $util.isInteger(m.step.low) && $util.isInteger(m.step.high)))
                    return "step: integer|Long expected";
            }
            if (m.unixMs != null && Object.hasOwnProperty.call(m, "unixMs")) {
                if (!$util.isInteger(m.unixMs) && !(m.unixMs && $util.isInteger(m.unixMs.low) && $util.isInteger(m.unixMs.high)))
                    return "unixMs: integer|Long expected";
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            return null;
        };

        /**
         * Creates a Heartbeat message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Heartbeat
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Heartbeat} Heartbeat
         */
        Heartbeat.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Heartbeat)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Heartbeat: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Heartbeat();
            if (d.rank != null) {
                m.rank = d.rank >>> 0;
            }
            if (d.step != null) {
                if ($util.Long)
                    m.step = $util.Long.fromValue(d.step, true);
                else if (typeof d.step === "string")
                    m.step = parseInt(d.step, 10);
                else if (typeof d.step === "number")
                    m.step = d.step;
                else if (typeof d.step === "object")
                    m.step = new $util.LongBits(d.step.low >>> 0, d.step.high >>> 0).toNumber(true);
            }
            if (d.unixMs != null) {
                if ($util.Long)
                    m.unixMs = $util.Long.fromValue(d.unixMs, true);
                else if (typeof d.unixMs === "string")
                    m.unixMs = parseInt(d.unixMs, 10);
                else if (typeof d.unixMs === "number")
                    m.unixMs = d.unixMs;
                else if (typeof d.unixMs === "object")
                    m.unixMs = new $util.LongBits(d.unixMs.low >>> 0, d.unixMs.high >>> 0).toNumber(true);
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            return m;
        };

        /**
         * Creates a plain object from a Heartbeat message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Heartbeat
         * @static
         * @param {mygpt.Heartbeat} m Heartbeat
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Heartbeat.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.rank = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.step = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.step = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.unixMs = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.unixMs = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.generation = 0;
            }
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                d.rank = m.rank;
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.step = typeof m.step === "number" ? BigInt(m.step) : $util.Long.fromBits(m.step.low >>> 0, m.step.high >>> 0, true).toBigInt();
                else if (typeof m.step === "number")
                    d.step = o.longs === String ? String(m.step) : m.step;
                else
                    d.step = o.longs === String ? $util.Long.prototype.toString.call(m.step) : o.longs === Number ? new $util.LongBits(m.step.low >>> 0, m.step.high >>> 0).toNumber(true) : m.step;
            }
            if (m.unixMs != null && Object.hasOwnProperty.call(m, "unixMs")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.unixMs = typeof m.unixMs === "number" ? BigInt(m.unixMs) : $util.Long.fromBits(m.unixMs.low >>> 0, m.unixMs.high >>> 0, true).toBigInt();
                else if (typeof m.unixMs === "number")
                    d.unixMs = o.longs === String ? String(m.unixMs) : m.unixMs;
                else
                    d.unixMs = o.longs === String ? $util.Long.prototype.toString.call(m.unixMs) : o.longs === Number ? new $util.LongBits(m.unixMs.low >>> 0, m.unixMs.high >>> 0).toNumber(true) : m.unixMs;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            return d;
        };

        /**
         * Converts this Heartbeat to JSON.
         * @function toJSON
         * @memberof mygpt.Heartbeat
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Heartbeat.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Heartbeat
         * @function getTypeUrl
         * @memberof mygpt.Heartbeat
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Heartbeat.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Heartbeat";
        };

        return Heartbeat;
    })();

    mygpt.StepReport = (function() {

        /**
         * Properties of a StepReport.
         * @memberof mygpt
         * @interface IStepReport
         * @property {number|null} [rank] StepReport rank
         * @property {number|null} [step] StepReport step
         * @property {number|null} [loss] StepReport loss
         * @property {number|null} [valLoss] StepReport valLoss
         * @property {number|null} [lr] StepReport lr
         * @property {number|null} [computeS] StepReport computeS
         * @property {number|null} [waitS] StepReport waitS
         * @property {number|null} [stepS] StepReport stepS
         * @property {number|null} [tokens] StepReport tokens
         * @property {number|null} [allreduceBytes] StepReport allreduceBytes
         * @property {string|null} [weightsChecksum] StepReport weightsChecksum
         * @property {string|null} [checkpointPath] StepReport checkpointPath
         * @property {number|null} [gradNorm] StepReport gradNorm
         * @property {number|null} [exposedCommS] StepReport exposedCommS
         * @property {number|null} [overheadS] StepReport overheadS
         * @property {boolean|null} [nonfinite] StepReport nonfinite
         * @property {number|null} [nonfiniteSkips] StepReport nonfiniteSkips
         * @property {string|null} [stateChecksum] StepReport stateChecksum
         * @property {number|null} [stateTransferS] StepReport stateTransferS
         */

        /**
         * Constructs a new StepReport.
         * @memberof mygpt
         * @classdesc Represents a StepReport.
         * @implements IStepReport
         * @constructor
         * @param {mygpt.IStepReport=} [p] Properties to set
         */
        function StepReport(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * StepReport rank.
         * @member {number} rank
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.rank = 0;

        /**
         * StepReport step.
         * @member {number} step
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StepReport loss.
         * @member {number} loss
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.loss = 0;

        /**
         * StepReport valLoss.
         * @member {number} valLoss
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.valLoss = 0;

        /**
         * StepReport lr.
         * @member {number} lr
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.lr = 0;

        /**
         * StepReport computeS.
         * @member {number} computeS
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.computeS = 0;

        /**
         * StepReport waitS.
         * @member {number} waitS
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.waitS = 0;

        /**
         * StepReport stepS.
         * @member {number} stepS
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.stepS = 0;

        /**
         * StepReport tokens.
         * @member {number} tokens
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.tokens = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StepReport allreduceBytes.
         * @member {number} allreduceBytes
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.allreduceBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StepReport weightsChecksum.
         * @member {string} weightsChecksum
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.weightsChecksum = "";

        /**
         * StepReport checkpointPath.
         * @member {string} checkpointPath
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.checkpointPath = "";

        /**
         * StepReport gradNorm.
         * @member {number} gradNorm
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.gradNorm = 0;

        /**
         * StepReport exposedCommS.
         * @member {number} exposedCommS
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.exposedCommS = 0;

        /**
         * StepReport overheadS.
         * @member {number} overheadS
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.overheadS = 0;

        /**
         * StepReport nonfinite.
         * @member {boolean} nonfinite
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.nonfinite = false;

        /**
         * StepReport nonfiniteSkips.
         * @member {number} nonfiniteSkips
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.nonfiniteSkips = 0;

        /**
         * StepReport stateChecksum.
         * @member {string} stateChecksum
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.stateChecksum = "";

        /**
         * StepReport stateTransferS.
         * @member {number} stateTransferS
         * @memberof mygpt.StepReport
         * @instance
         */
        StepReport.prototype.stateTransferS = 0;

        /**
         * Creates a new StepReport instance using the specified properties.
         * @function create
         * @memberof mygpt.StepReport
         * @static
         * @param {mygpt.IStepReport=} [properties] Properties to set
         * @returns {mygpt.StepReport} StepReport instance
         */
        StepReport.create = function create(properties) {
            return new StepReport(properties);
        };

        /**
         * Encodes the specified StepReport message. Does not implicitly {@link mygpt.StepReport.verify|verify} messages.
         * @function encode
         * @memberof mygpt.StepReport
         * @static
         * @param {mygpt.IStepReport} m StepReport message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StepReport.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank"))
                w.uint32(8).uint32(m.rank);
            if (m.step != null && Object.hasOwnProperty.call(m, "step"))
                w.uint32(16).uint64(m.step);
            if (m.loss != null && Object.hasOwnProperty.call(m, "loss"))
                w.uint32(29).float(m.loss);
            if (m.valLoss != null && Object.hasOwnProperty.call(m, "valLoss"))
                w.uint32(37).float(m.valLoss);
            if (m.lr != null && Object.hasOwnProperty.call(m, "lr"))
                w.uint32(45).float(m.lr);
            if (m.computeS != null && Object.hasOwnProperty.call(m, "computeS"))
                w.uint32(49).double(m.computeS);
            if (m.waitS != null && Object.hasOwnProperty.call(m, "waitS"))
                w.uint32(65).double(m.waitS);
            if (m.stepS != null && Object.hasOwnProperty.call(m, "stepS"))
                w.uint32(73).double(m.stepS);
            if (m.tokens != null && Object.hasOwnProperty.call(m, "tokens"))
                w.uint32(80).uint64(m.tokens);
            if (m.allreduceBytes != null && Object.hasOwnProperty.call(m, "allreduceBytes"))
                w.uint32(88).uint64(m.allreduceBytes);
            if (m.weightsChecksum != null && Object.hasOwnProperty.call(m, "weightsChecksum"))
                w.uint32(98).string(m.weightsChecksum);
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath"))
                w.uint32(106).string(m.checkpointPath);
            if (m.gradNorm != null && Object.hasOwnProperty.call(m, "gradNorm"))
                w.uint32(117).float(m.gradNorm);
            if (m.exposedCommS != null && Object.hasOwnProperty.call(m, "exposedCommS"))
                w.uint32(121).double(m.exposedCommS);
            if (m.overheadS != null && Object.hasOwnProperty.call(m, "overheadS"))
                w.uint32(129).double(m.overheadS);
            if (m.nonfinite != null && Object.hasOwnProperty.call(m, "nonfinite"))
                w.uint32(136).bool(m.nonfinite);
            if (m.nonfiniteSkips != null && Object.hasOwnProperty.call(m, "nonfiniteSkips"))
                w.uint32(144).uint32(m.nonfiniteSkips);
            if (m.stateChecksum != null && Object.hasOwnProperty.call(m, "stateChecksum"))
                w.uint32(154).string(m.stateChecksum);
            if (m.stateTransferS != null && Object.hasOwnProperty.call(m, "stateTransferS"))
                w.uint32(161).double(m.stateTransferS);
            return w;
        };

        /**
         * Encodes the specified StepReport message, length delimited. Does not implicitly {@link mygpt.StepReport.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.StepReport
         * @static
         * @param {mygpt.IStepReport} message StepReport message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StepReport.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a StepReport message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.StepReport
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.StepReport} StepReport
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StepReport.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.StepReport();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.rank = r.uint32();
                        break;
                    }
                case 2: {
                        m.step = r.uint64();
                        break;
                    }
                case 3: {
                        m.loss = r.float();
                        break;
                    }
                case 4: {
                        m.valLoss = r.float();
                        break;
                    }
                case 5: {
                        m.lr = r.float();
                        break;
                    }
                case 6: {
                        m.computeS = r.double();
                        break;
                    }
                case 8: {
                        m.waitS = r.double();
                        break;
                    }
                case 9: {
                        m.stepS = r.double();
                        break;
                    }
                case 10: {
                        m.tokens = r.uint64();
                        break;
                    }
                case 11: {
                        m.allreduceBytes = r.uint64();
                        break;
                    }
                case 12: {
                        m.weightsChecksum = r.string();
                        break;
                    }
                case 13: {
                        m.checkpointPath = r.string();
                        break;
                    }
                case 14: {
                        m.gradNorm = r.float();
                        break;
                    }
                case 15: {
                        m.exposedCommS = r.double();
                        break;
                    }
                case 16: {
                        m.overheadS = r.double();
                        break;
                    }
                case 17: {
                        m.nonfinite = r.bool();
                        break;
                    }
                case 18: {
                        m.nonfiniteSkips = r.uint32();
                        break;
                    }
                case 19: {
                        m.stateChecksum = r.string();
                        break;
                    }
                case 20: {
                        m.stateTransferS = r.double();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a StepReport message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.StepReport
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.StepReport} StepReport
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StepReport.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a StepReport message.
         * @function verify
         * @memberof mygpt.StepReport
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        StepReport.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                if (!$util.isInteger(m.rank))
                    return "rank: integer expected";
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (!$util.isInteger(m.step) && !(m.step && $util.isInteger(m.step.low) && $util.isInteger(m.step.high)))
                    return "step: integer|Long expected";
            }
            if (m.loss != null && Object.hasOwnProperty.call(m, "loss")) {
                if (typeof m.loss !== "number")
                    return "loss: number expected";
            }
            if (m.valLoss != null && Object.hasOwnProperty.call(m, "valLoss")) {
                if (typeof m.valLoss !== "number")
                    return "valLoss: number expected";
            }
            if (m.lr != null && Object.hasOwnProperty.call(m, "lr")) {
                if (typeof m.lr !== "number")
                    return "lr: number expected";
            }
            if (m.computeS != null && Object.hasOwnProperty.call(m, "computeS")) {
                if (typeof m.computeS !== "number")
                    return "computeS: number expected";
            }
            if (m.waitS != null && Object.hasOwnProperty.call(m, "waitS")) {
                if (typeof m.waitS !== "number")
                    return "waitS: number expected";
            }
            if (m.stepS != null && Object.hasOwnProperty.call(m, "stepS")) {
                if (typeof m.stepS !== "number")
                    return "stepS: number expected";
            }
            if (m.tokens != null && Object.hasOwnProperty.call(m, "tokens")) {
                if (!$util.isInteger(m.tokens) && !(m.tokens && $util.isInteger(m.tokens.low) && $util.isInteger(m.tokens.high)))
                    return "tokens: integer|Long expected";
            }
            if (m.allreduceBytes != null && Object.hasOwnProperty.call(m, "allreduceBytes")) {
                if (!$util.isInteger(m.allreduceBytes) && !(m.allreduceBytes && $util.isInteger(m.allreduceBytes.low) && $util.isInteger(m.allreduceBytes.high)))
                    return "allreduceBytes: integer|Long expected";
            }
            if (m.weightsChecksum != null && Object.hasOwnProperty.call(m, "weightsChecksum")) {
                if (!$util.isString(m.weightsChecksum))
                    return "weightsChecksum: string expected";
            }
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath")) {
                if (!$util.isString(m.checkpointPath))
                    return "checkpointPath: string expected";
            }
            if (m.gradNorm != null && Object.hasOwnProperty.call(m, "gradNorm")) {
                if (typeof m.gradNorm !== "number")
                    return "gradNorm: number expected";
            }
            if (m.exposedCommS != null && Object.hasOwnProperty.call(m, "exposedCommS")) {
                if (typeof m.exposedCommS !== "number")
                    return "exposedCommS: number expected";
            }
            if (m.overheadS != null && Object.hasOwnProperty.call(m, "overheadS")) {
                if (typeof m.overheadS !== "number")
                    return "overheadS: number expected";
            }
            if (m.nonfinite != null && Object.hasOwnProperty.call(m, "nonfinite")) {
                if (typeof m.nonfinite !== "boolean")
                    return "nonfinite: boolean expected";
            }
            if (m.nonfiniteSkips != null && Object.hasOwnProperty.call(m, "nonfiniteSkips")) {
                if (!$util.isInteger(m.nonfiniteSkips))
                    return "nonfiniteSkips: integer expected";
            }
            if (m.stateChecksum != null && Object.hasOwnProperty.call(m, "stateChecksum")) {
                if (!$util.isString(m.stateChecksum))
                    return "stateChecksum: string expected";
            }
            if (m.stateTransferS != null && Object.hasOwnProperty.call(m, "stateTransferS")) {
                if (typeof m.stateTransferS !== "number")
                    return "stateTransferS: number expected";
            }
            return null;
        };

        /**
         * Creates a StepReport message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.StepReport
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.StepReport} StepReport
         */
        StepReport.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.StepReport)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.StepReport: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.StepReport();
            if (d.rank != null) {
                m.rank = d.rank >>> 0;
            }
            if (d.step != null) {
                if ($util.Long)
                    m.step = $util.Long.fromValue(d.step, true);
                else if (typeof d.step === "string")
                    m.step = parseInt(d.step, 10);
                else if (typeof d.step === "number")
                    m.step = d.step;
                else if (typeof d.step === "object")
                    m.step = new $util.LongBits(d.step.low >>> 0, d.step.high >>> 0).toNumber(true);
            }
            if (d.loss != null) {
                m.loss = Number(d.loss);
            }
            if (d.valLoss != null) {
                m.valLoss = Number(d.valLoss);
            }
            if (d.lr != null) {
                m.lr = Number(d.lr);
            }
            if (d.computeS != null) {
                m.computeS = Number(d.computeS);
            }
            if (d.waitS != null) {
                m.waitS = Number(d.waitS);
            }
            if (d.stepS != null) {
                m.stepS = Number(d.stepS);
            }
            if (d.tokens != null) {
                if ($util.Long)
                    m.tokens = $util.Long.fromValue(d.tokens, true);
                else if (typeof d.tokens === "string")
                    m.tokens = parseInt(d.tokens, 10);
                else if (typeof d.tokens === "number")
                    m.tokens = d.tokens;
                else if (typeof d.tokens === "object")
                    m.tokens = new $util.LongBits(d.tokens.low >>> 0, d.tokens.high >>> 0).toNumber(true);
            }
            if (d.allreduceBytes != null) {
                if ($util.Long)
                    m.allreduceBytes = $util.Long.fromValue(d.allreduceBytes, true);
                else if (typeof d.allreduceBytes === "string")
                    m.allreduceBytes = parseInt(d.allreduceBytes, 10);
                else if (typeof d.allreduceBytes === "number")
                    m.allreduceBytes = d.allreduceBytes;
                else if (typeof d.allreduceBytes === "object")
                    m.allreduceBytes = new $util.LongBits(d.allreduceBytes.low >>> 0, d.allreduceBytes.high >>> 0).toNumber(true);
            }
            if (d.weightsChecksum != null) {
                m.weightsChecksum = String(d.weightsChecksum);
            }
            if (d.checkpointPath != null) {
                m.checkpointPath = String(d.checkpointPath);
            }
            if (d.gradNorm != null) {
                m.gradNorm = Number(d.gradNorm);
            }
            if (d.exposedCommS != null) {
                m.exposedCommS = Number(d.exposedCommS);
            }
            if (d.overheadS != null) {
                m.overheadS = Number(d.overheadS);
            }
            if (d.nonfinite != null) {
                m.nonfinite = Boolean(d.nonfinite);
            }
            if (d.nonfiniteSkips != null) {
                m.nonfiniteSkips = d.nonfiniteSkips >>> 0;
            }
            if (d.stateChecksum != null) {
                m.stateChecksum = String(d.stateChecksum);
            }
            if (d.stateTransferS != null) {
                m.stateTransferS = Number(d.stateTransferS);
            }
            return m;
        };

        /**
         * Creates a plain object from a StepReport message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.StepReport
         * @static
         * @param {mygpt.StepReport} m StepReport
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        StepReport.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.rank = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.step = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.step = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.loss = 0;
                d.valLoss = 0;
                d.lr = 0;
                d.computeS = 0;
                d.waitS = 0;
                d.stepS = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.tokens = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.tokens = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.allreduceBytes = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.allreduceBytes = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.weightsChecksum = "";
                d.checkpointPath = "";
                d.gradNorm = 0;
                d.exposedCommS = 0;
                d.overheadS = 0;
                d.nonfinite = false;
                d.nonfiniteSkips = 0;
                d.stateChecksum = "";
                d.stateTransferS = 0;
            }
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                d.rank = m.rank;
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.step = typeof m.step === "number" ? BigInt(m.step) : $util.Long.fromBits(m.step.low >>> 0, m.step.high >>> 0, true).toBigInt();
                else if (typeof m.step === "number")
                    d.step = o.longs === String ? String(m.step) : m.step;
                else
                    d.step = o.longs === String ? $util.Long.prototype.toString.call(m.step) : o.longs === Number ? new $util.LongBits(m.step.low >>> 0, m.step.high >>> 0).toNumber(true) : m.step;
            }
            if (m.loss != null && Object.hasOwnProperty.call(m, "loss")) {
                d.loss = o.json && !isFinite(m.loss) ? String(m.loss) : m.loss;
            }
            if (m.valLoss != null && Object.hasOwnProperty.call(m, "valLoss")) {
                d.valLoss = o.json && !isFinite(m.valLoss) ? String(m.valLoss) : m.valLoss;
            }
            if (m.lr != null && Object.hasOwnProperty.call(m, "lr")) {
                d.lr = o.json && !isFinite(m.lr) ? String(m.lr) : m.lr;
            }
            if (m.computeS != null && Object.hasOwnProperty.call(m, "computeS")) {
                d.computeS = o.json && !isFinite(m.computeS) ? String(m.computeS) : m.computeS;
            }
            if (m.waitS != null && Object.hasOwnProperty.call(m, "waitS")) {
                d.waitS = o.json && !isFinite(m.waitS) ? String(m.waitS) : m.waitS;
            }
            if (m.stepS != null && Object.hasOwnProperty.call(m, "stepS")) {
                d.stepS = o.json && !isFinite(m.stepS) ? String(m.stepS) : m.stepS;
            }
            if (m.tokens != null && Object.hasOwnProperty.call(m, "tokens")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.tokens = typeof m.tokens === "number" ? BigInt(m.tokens) : $util.Long.fromBits(m.tokens.low >>> 0, m.tokens.high >>> 0, true).toBigInt();
                else if (typeof m.tokens === "number")
                    d.tokens = o.longs === String ? String(m.tokens) : m.tokens;
                else
                    d.tokens = o.longs === String ? $util.Long.prototype.toString.call(m.tokens) : o.longs === Number ? new $util.LongBits(m.tokens.low >>> 0, m.tokens.high >>> 0).toNumber(true) : m.tokens;
            }
            if (m.allreduceBytes != null && Object.hasOwnProperty.call(m, "allreduceBytes")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.allreduceBytes = typeof m.allreduceBytes === "number" ? BigInt(m.allreduceBytes) : $util.Long.fromBits(m.allreduceBytes.low >>> 0, m.allreduceBytes.high >>> 0, true).toBigInt();
                else if (typeof m.allreduceBytes === "number")
                    d.allreduceBytes = o.longs === String ? String(m.allreduceBytes) : m.allreduceBytes;
                else
                    d.allreduceBytes = o.longs === String ? $util.Long.prototype.toString.call(m.allreduceBytes) : o.longs === Number ? new $util.LongBits(m.allreduceBytes.low >>> 0, m.allreduceBytes.high >>> 0).toNumber(true) : m.allreduceBytes;
            }
            if (m.weightsChecksum != null && Object.hasOwnProperty.call(m, "weightsChecksum")) {
                d.weightsChecksum = m.weightsChecksum;
            }
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath")) {
                d.checkpointPath = m.checkpointPath;
            }
            if (m.gradNorm != null && Object.hasOwnProperty.call(m, "gradNorm")) {
                d.gradNorm = o.json && !isFinite(m.gradNorm) ? String(m.gradNorm) : m.gradNorm;
            }
            if (m.exposedCommS != null && Object.hasOwnProperty.call(m, "exposedCommS")) {
                d.exposedCommS = o.json && !isFinite(m.exposedCommS) ? String(m.exposedCommS) : m.exposedCommS;
            }
            if (m.overheadS != null && Object.hasOwnProperty.call(m, "overheadS")) {
                d.overheadS = o.json && !isFinite(m.overheadS) ? String(m.overheadS) : m.overheadS;
            }
            if (m.nonfinite != null && Object.hasOwnProperty.call(m, "nonfinite")) {
                d.nonfinite = m.nonfinite;
            }
            if (m.nonfiniteSkips != null && Object.hasOwnProperty.call(m, "nonfiniteSkips")) {
                d.nonfiniteSkips = m.nonfiniteSkips;
            }
            if (m.stateChecksum != null && Object.hasOwnProperty.call(m, "stateChecksum")) {
                d.stateChecksum = m.stateChecksum;
            }
            if (m.stateTransferS != null && Object.hasOwnProperty.call(m, "stateTransferS")) {
                d.stateTransferS = o.json && !isFinite(m.stateTransferS) ? String(m.stateTransferS) : m.stateTransferS;
            }
            return d;
        };

        /**
         * Converts this StepReport to JSON.
         * @function toJSON
         * @memberof mygpt.StepReport
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        StepReport.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for StepReport
         * @function getTypeUrl
         * @memberof mygpt.StepReport
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        StepReport.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.StepReport";
        };

        return StepReport;
    })();

    mygpt.Shutdown = (function() {

        /**
         * Properties of a Shutdown.
         * @memberof mygpt
         * @interface IShutdown
         * @property {string|null} [reason] Shutdown reason
         * @property {boolean|null} [checkpoint] Shutdown checkpoint
         * @property {boolean|null} [restart] Shutdown restart
         * @property {number|null} [generation] Shutdown generation
         */

        /**
         * Constructs a new Shutdown.
         * @memberof mygpt
         * @classdesc Represents a Shutdown.
         * @implements IShutdown
         * @constructor
         * @param {mygpt.IShutdown=} [p] Properties to set
         */
        function Shutdown(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Shutdown reason.
         * @member {string} reason
         * @memberof mygpt.Shutdown
         * @instance
         */
        Shutdown.prototype.reason = "";

        /**
         * Shutdown checkpoint.
         * @member {boolean} checkpoint
         * @memberof mygpt.Shutdown
         * @instance
         */
        Shutdown.prototype.checkpoint = false;

        /**
         * Shutdown restart.
         * @member {boolean} restart
         * @memberof mygpt.Shutdown
         * @instance
         */
        Shutdown.prototype.restart = false;

        /**
         * Shutdown generation.
         * @member {number} generation
         * @memberof mygpt.Shutdown
         * @instance
         */
        Shutdown.prototype.generation = 0;

        /**
         * Creates a new Shutdown instance using the specified properties.
         * @function create
         * @memberof mygpt.Shutdown
         * @static
         * @param {mygpt.IShutdown=} [properties] Properties to set
         * @returns {mygpt.Shutdown} Shutdown instance
         */
        Shutdown.create = function create(properties) {
            return new Shutdown(properties);
        };

        /**
         * Encodes the specified Shutdown message. Does not implicitly {@link mygpt.Shutdown.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Shutdown
         * @static
         * @param {mygpt.IShutdown} m Shutdown message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Shutdown.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason"))
                w.uint32(10).string(m.reason);
            if (m.checkpoint != null && Object.hasOwnProperty.call(m, "checkpoint"))
                w.uint32(16).bool(m.checkpoint);
            if (m.restart != null && Object.hasOwnProperty.call(m, "restart"))
                w.uint32(24).bool(m.restart);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(32).uint32(m.generation);
            return w;
        };

        /**
         * Encodes the specified Shutdown message, length delimited. Does not implicitly {@link mygpt.Shutdown.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Shutdown
         * @static
         * @param {mygpt.IShutdown} message Shutdown message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Shutdown.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Shutdown message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Shutdown
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Shutdown} Shutdown
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Shutdown.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Shutdown();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.reason = r.string();
                        break;
                    }
                case 2: {
                        m.checkpoint = r.bool();
                        break;
                    }
                case 3: {
                        m.restart = r.bool();
                        break;
                    }
                case 4: {
                        m.generation = r.uint32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Shutdown message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Shutdown
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Shutdown} Shutdown
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Shutdown.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Shutdown message.
         * @function verify
         * @memberof mygpt.Shutdown
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Shutdown.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                if (!$util.isString(m.reason))
                    return "reason: string expected";
            }
            if (m.checkpoint != null && Object.hasOwnProperty.call(m, "checkpoint")) {
                if (typeof m.checkpoint !== "boolean")
                    return "checkpoint: boolean expected";
            }
            if (m.restart != null && Object.hasOwnProperty.call(m, "restart")) {
                if (typeof m.restart !== "boolean")
                    return "restart: boolean expected";
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            return null;
        };

        /**
         * Creates a Shutdown message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Shutdown
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Shutdown} Shutdown
         */
        Shutdown.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Shutdown)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Shutdown: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Shutdown();
            if (d.reason != null) {
                m.reason = String(d.reason);
            }
            if (d.checkpoint != null) {
                m.checkpoint = Boolean(d.checkpoint);
            }
            if (d.restart != null) {
                m.restart = Boolean(d.restart);
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            return m;
        };

        /**
         * Creates a plain object from a Shutdown message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Shutdown
         * @static
         * @param {mygpt.Shutdown} m Shutdown
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Shutdown.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.reason = "";
                d.checkpoint = false;
                d.restart = false;
                d.generation = 0;
            }
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                d.reason = m.reason;
            }
            if (m.checkpoint != null && Object.hasOwnProperty.call(m, "checkpoint")) {
                d.checkpoint = m.checkpoint;
            }
            if (m.restart != null && Object.hasOwnProperty.call(m, "restart")) {
                d.restart = m.restart;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            return d;
        };

        /**
         * Converts this Shutdown to JSON.
         * @function toJSON
         * @memberof mygpt.Shutdown
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Shutdown.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Shutdown
         * @function getTypeUrl
         * @memberof mygpt.Shutdown
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Shutdown.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Shutdown";
        };

        return Shutdown;
    })();

    mygpt.Done = (function() {

        /**
         * Properties of a Done.
         * @memberof mygpt
         * @interface IDone
         * @property {number|null} [rank] Done rank
         * @property {number|null} [step] Done step
         * @property {number|null} [finalValLoss] Done finalValLoss
         * @property {string|null} [checkpointPath] Done checkpointPath
         * @property {string|null} [weightsChecksum] Done weightsChecksum
         * @property {string|null} [sample] Done sample
         */

        /**
         * Constructs a new Done.
         * @memberof mygpt
         * @classdesc Represents a Done.
         * @implements IDone
         * @constructor
         * @param {mygpt.IDone=} [p] Properties to set
         */
        function Done(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Done rank.
         * @member {number} rank
         * @memberof mygpt.Done
         * @instance
         */
        Done.prototype.rank = 0;

        /**
         * Done step.
         * @member {number} step
         * @memberof mygpt.Done
         * @instance
         */
        Done.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Done finalValLoss.
         * @member {number} finalValLoss
         * @memberof mygpt.Done
         * @instance
         */
        Done.prototype.finalValLoss = 0;

        /**
         * Done checkpointPath.
         * @member {string} checkpointPath
         * @memberof mygpt.Done
         * @instance
         */
        Done.prototype.checkpointPath = "";

        /**
         * Done weightsChecksum.
         * @member {string} weightsChecksum
         * @memberof mygpt.Done
         * @instance
         */
        Done.prototype.weightsChecksum = "";

        /**
         * Done sample.
         * @member {string} sample
         * @memberof mygpt.Done
         * @instance
         */
        Done.prototype.sample = "";

        /**
         * Creates a new Done instance using the specified properties.
         * @function create
         * @memberof mygpt.Done
         * @static
         * @param {mygpt.IDone=} [properties] Properties to set
         * @returns {mygpt.Done} Done instance
         */
        Done.create = function create(properties) {
            return new Done(properties);
        };

        /**
         * Encodes the specified Done message. Does not implicitly {@link mygpt.Done.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Done
         * @static
         * @param {mygpt.IDone} m Done message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Done.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank"))
                w.uint32(8).uint32(m.rank);
            if (m.step != null && Object.hasOwnProperty.call(m, "step"))
                w.uint32(16).uint64(m.step);
            if (m.finalValLoss != null && Object.hasOwnProperty.call(m, "finalValLoss"))
                w.uint32(29).float(m.finalValLoss);
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath"))
                w.uint32(34).string(m.checkpointPath);
            if (m.weightsChecksum != null && Object.hasOwnProperty.call(m, "weightsChecksum"))
                w.uint32(42).string(m.weightsChecksum);
            if (m.sample != null && Object.hasOwnProperty.call(m, "sample"))
                w.uint32(50).string(m.sample);
            return w;
        };

        /**
         * Encodes the specified Done message, length delimited. Does not implicitly {@link mygpt.Done.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Done
         * @static
         * @param {mygpt.IDone} message Done message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Done.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Done message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Done
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Done} Done
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Done.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Done();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.rank = r.uint32();
                        break;
                    }
                case 2: {
                        m.step = r.uint64();
                        break;
                    }
                case 3: {
                        m.finalValLoss = r.float();
                        break;
                    }
                case 4: {
                        m.checkpointPath = r.string();
                        break;
                    }
                case 5: {
                        m.weightsChecksum = r.string();
                        break;
                    }
                case 6: {
                        m.sample = r.string();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Done message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Done
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Done} Done
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Done.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Done message.
         * @function verify
         * @memberof mygpt.Done
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Done.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                if (!$util.isInteger(m.rank))
                    return "rank: integer expected";
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (!$util.isInteger(m.step) && !(m.step && $util.isInteger(m.step.low) && $util.isInteger(m.step.high)))
                    return "step: integer|Long expected";
            }
            if (m.finalValLoss != null && Object.hasOwnProperty.call(m, "finalValLoss")) {
                if (typeof m.finalValLoss !== "number")
                    return "finalValLoss: number expected";
            }
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath")) {
                if (!$util.isString(m.checkpointPath))
                    return "checkpointPath: string expected";
            }
            if (m.weightsChecksum != null && Object.hasOwnProperty.call(m, "weightsChecksum")) {
                if (!$util.isString(m.weightsChecksum))
                    return "weightsChecksum: string expected";
            }
            if (m.sample != null && Object.hasOwnProperty.call(m, "sample")) {
                if (!$util.isString(m.sample))
                    return "sample: string expected";
            }
            return null;
        };

        /**
         * Creates a Done message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Done
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Done} Done
         */
        Done.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Done)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Done: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Done();
            if (d.rank != null) {
                m.rank = d.rank >>> 0;
            }
            if (d.step != null) {
                if ($util.Long)
                    m.step = $util.Long.fromValue(d.step, true);
                else if (typeof d.step === "string")
                    m.step = parseInt(d.step, 10);
                else if (typeof d.step === "number")
                    m.step = d.step;
                else if (typeof d.step === "object")
                    m.step = new $util.LongBits(d.step.low >>> 0, d.step.high >>> 0).toNumber(true);
            }
            if (d.finalValLoss != null) {
                m.finalValLoss = Number(d.finalValLoss);
            }
            if (d.checkpointPath != null) {
                m.checkpointPath = String(d.checkpointPath);
            }
            if (d.weightsChecksum != null) {
                m.weightsChecksum = String(d.weightsChecksum);
            }
            if (d.sample != null) {
                m.sample = String(d.sample);
            }
            return m;
        };

        /**
         * Creates a plain object from a Done message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Done
         * @static
         * @param {mygpt.Done} m Done
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Done.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.rank = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.step = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.step = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.finalValLoss = 0;
                d.checkpointPath = "";
                d.weightsChecksum = "";
                d.sample = "";
            }
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                d.rank = m.rank;
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.step = typeof m.step === "number" ? BigInt(m.step) : $util.Long.fromBits(m.step.low >>> 0, m.step.high >>> 0, true).toBigInt();
                else if (typeof m.step === "number")
                    d.step = o.longs === String ? String(m.step) : m.step;
                else
                    d.step = o.longs === String ? $util.Long.prototype.toString.call(m.step) : o.longs === Number ? new $util.LongBits(m.step.low >>> 0, m.step.high >>> 0).toNumber(true) : m.step;
            }
            if (m.finalValLoss != null && Object.hasOwnProperty.call(m, "finalValLoss")) {
                d.finalValLoss = o.json && !isFinite(m.finalValLoss) ? String(m.finalValLoss) : m.finalValLoss;
            }
            if (m.checkpointPath != null && Object.hasOwnProperty.call(m, "checkpointPath")) {
                d.checkpointPath = m.checkpointPath;
            }
            if (m.weightsChecksum != null && Object.hasOwnProperty.call(m, "weightsChecksum")) {
                d.weightsChecksum = m.weightsChecksum;
            }
            if (m.sample != null && Object.hasOwnProperty.call(m, "sample")) {
                d.sample = m.sample;
            }
            return d;
        };

        /**
         * Converts this Done to JSON.
         * @function toJSON
         * @memberof mygpt.Done
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Done.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Done
         * @function getTypeUrl
         * @memberof mygpt.Done
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Done.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Done";
        };

        return Done;
    })();

    /**
     * FailureReason enum.
     * @name mygpt.FailureReason
     * @enum {number}
     * @property {number} FAILURE_REASON_UNSPECIFIED=0 FAILURE_REASON_UNSPECIFIED value
     * @property {number} FAILURE_INTERNAL=1 FAILURE_INTERNAL value
     * @property {number} FAILURE_PEER_LOST=2 FAILURE_PEER_LOST value
     * @property {number} FAILURE_PEER_TIMEOUT=3 FAILURE_PEER_TIMEOUT value
     * @property {number} FAILURE_PEER_PROTOCOL=4 FAILURE_PEER_PROTOCOL value
     * @property {number} FAILURE_NON_FINITE=5 FAILURE_NON_FINITE value
     * @property {number} FAILURE_CONFIG=6 FAILURE_CONFIG value
     * @property {number} FAILURE_CHECKPOINT=7 FAILURE_CHECKPOINT value
     * @property {number} FAILURE_PREEMPTED=8 FAILURE_PREEMPTED value
     */
    mygpt.FailureReason = (function() {
        var valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "FAILURE_REASON_UNSPECIFIED"] = 0;
        values[valuesById[1] = "FAILURE_INTERNAL"] = 1;
        values[valuesById[2] = "FAILURE_PEER_LOST"] = 2;
        values[valuesById[3] = "FAILURE_PEER_TIMEOUT"] = 3;
        values[valuesById[4] = "FAILURE_PEER_PROTOCOL"] = 4;
        values[valuesById[5] = "FAILURE_NON_FINITE"] = 5;
        values[valuesById[6] = "FAILURE_CONFIG"] = 6;
        values[valuesById[7] = "FAILURE_CHECKPOINT"] = 7;
        values[valuesById[8] = "FAILURE_PREEMPTED"] = 8;
        return values;
    })();

    mygpt.Failure = (function() {

        /**
         * Properties of a Failure.
         * @memberof mygpt
         * @interface IFailure
         * @property {number|null} [rank] Failure rank
         * @property {number|null} [step] Failure step
         * @property {string|null} [error] Failure error
         * @property {number|null} [failedRank] Failure failedRank
         * @property {mygpt.FailureReason|null} [reason] Failure reason
         */

        /**
         * Constructs a new Failure.
         * @memberof mygpt
         * @classdesc Represents a Failure.
         * @implements IFailure
         * @constructor
         * @param {mygpt.IFailure=} [p] Properties to set
         */
        function Failure(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Failure rank.
         * @member {number} rank
         * @memberof mygpt.Failure
         * @instance
         */
        Failure.prototype.rank = 0;

        /**
         * Failure step.
         * @member {number} step
         * @memberof mygpt.Failure
         * @instance
         */
        Failure.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Failure error.
         * @member {string} error
         * @memberof mygpt.Failure
         * @instance
         */
        Failure.prototype.error = "";

        /**
         * Failure failedRank.
         * @member {number} failedRank
         * @memberof mygpt.Failure
         * @instance
         */
        Failure.prototype.failedRank = 0;

        /**
         * Failure reason.
         * @member {mygpt.FailureReason} reason
         * @memberof mygpt.Failure
         * @instance
         */
        Failure.prototype.reason = 0;

        /**
         * Creates a new Failure instance using the specified properties.
         * @function create
         * @memberof mygpt.Failure
         * @static
         * @param {mygpt.IFailure=} [properties] Properties to set
         * @returns {mygpt.Failure} Failure instance
         */
        Failure.create = function create(properties) {
            return new Failure(properties);
        };

        /**
         * Encodes the specified Failure message. Does not implicitly {@link mygpt.Failure.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Failure
         * @static
         * @param {mygpt.IFailure} m Failure message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Failure.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank"))
                w.uint32(8).uint32(m.rank);
            if (m.step != null && Object.hasOwnProperty.call(m, "step"))
                w.uint32(16).uint64(m.step);
            if (m.error != null && Object.hasOwnProperty.call(m, "error"))
                w.uint32(26).string(m.error);
            if (m.failedRank != null && Object.hasOwnProperty.call(m, "failedRank"))
                w.uint32(32).int32(m.failedRank);
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason"))
                w.uint32(40).int32(m.reason);
            return w;
        };

        /**
         * Encodes the specified Failure message, length delimited. Does not implicitly {@link mygpt.Failure.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Failure
         * @static
         * @param {mygpt.IFailure} message Failure message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Failure.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a Failure message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Failure
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Failure} Failure
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Failure.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Failure();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.rank = r.uint32();
                        break;
                    }
                case 2: {
                        m.step = r.uint64();
                        break;
                    }
                case 3: {
                        m.error = r.string();
                        break;
                    }
                case 4: {
                        m.failedRank = r.int32();
                        break;
                    }
                case 5: {
                        m.reason = r.int32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a Failure message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Failure
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Failure} Failure
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Failure.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a Failure message.
         * @function verify
         * @memberof mygpt.Failure
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Failure.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                if (!$util.isInteger(m.rank))
                    return "rank: integer expected";
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (!$util.isInteger(m.step) && !(m.step && $util.isInteger(m.step.low) && $util.isInteger(m.step.high)))
                    return "step: integer|Long expected";
            }
            if (m.error != null && Object.hasOwnProperty.call(m, "error")) {
                if (!$util.isString(m.error))
                    return "error: string expected";
            }
            if (m.failedRank != null && Object.hasOwnProperty.call(m, "failedRank")) {
                if (!$util.isInteger(m.failedRank))
                    return "failedRank: integer expected";
            }
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                switch (m.reason) {
                default:
                    return "reason: enum value expected";
                case 0:
                case 1:
                case 2:
                case 3:
                case 4:
                case 5:
                case 6:
                case 7:
                case 8:
                    break;
                }
            }
            return null;
        };

        /**
         * Creates a Failure message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Failure
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Failure} Failure
         */
        Failure.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Failure)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Failure: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Failure();
            if (d.rank != null) {
                m.rank = d.rank >>> 0;
            }
            if (d.step != null) {
                if ($util.Long)
                    m.step = $util.Long.fromValue(d.step, true);
                else if (typeof d.step === "string")
                    m.step = parseInt(d.step, 10);
                else if (typeof d.step === "number")
                    m.step = d.step;
                else if (typeof d.step === "object")
                    m.step = new $util.LongBits(d.step.low >>> 0, d.step.high >>> 0).toNumber(true);
            }
            if (d.error != null) {
                m.error = String(d.error);
            }
            if (d.failedRank != null) {
                m.failedRank = d.failedRank | 0;
            }
            switch (d.reason) {
            default:
                if (typeof d.reason === "number") {
                    m.reason = d.reason;
                    break;
                }
                break;
            case "FAILURE_REASON_UNSPECIFIED":
            case 0:
                m.reason = 0;
                break;
            case "FAILURE_INTERNAL":
            case 1:
                m.reason = 1;
                break;
            case "FAILURE_PEER_LOST":
            case 2:
                m.reason = 2;
                break;
            case "FAILURE_PEER_TIMEOUT":
            case 3:
                m.reason = 3;
                break;
            case "FAILURE_PEER_PROTOCOL":
            case 4:
                m.reason = 4;
                break;
            case "FAILURE_NON_FINITE":
            case 5:
                m.reason = 5;
                break;
            case "FAILURE_CONFIG":
            case 6:
                m.reason = 6;
                break;
            case "FAILURE_CHECKPOINT":
            case 7:
                m.reason = 7;
                break;
            case "FAILURE_PREEMPTED":
            case 8:
                m.reason = 8;
                break;
            }
            return m;
        };

        /**
         * Creates a plain object from a Failure message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Failure
         * @static
         * @param {mygpt.Failure} m Failure
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Failure.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.rank = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.step = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.step = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.error = "";
                d.failedRank = 0;
                d.reason = o.enums === String ? "FAILURE_REASON_UNSPECIFIED" : 0;
            }
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                d.rank = m.rank;
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.step = typeof m.step === "number" ? BigInt(m.step) : $util.Long.fromBits(m.step.low >>> 0, m.step.high >>> 0, true).toBigInt();
                else if (typeof m.step === "number")
                    d.step = o.longs === String ? String(m.step) : m.step;
                else
                    d.step = o.longs === String ? $util.Long.prototype.toString.call(m.step) : o.longs === Number ? new $util.LongBits(m.step.low >>> 0, m.step.high >>> 0).toNumber(true) : m.step;
            }
            if (m.error != null && Object.hasOwnProperty.call(m, "error")) {
                d.error = m.error;
            }
            if (m.failedRank != null && Object.hasOwnProperty.call(m, "failedRank")) {
                d.failedRank = m.failedRank;
            }
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                d.reason = o.enums === String ? $root.mygpt.FailureReason[m.reason] === undefined ? m.reason : $root.mygpt.FailureReason[m.reason] : m.reason;
            }
            return d;
        };

        /**
         * Converts this Failure to JSON.
         * @function toJSON
         * @memberof mygpt.Failure
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Failure.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Failure
         * @function getTypeUrl
         * @memberof mygpt.Failure
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Failure.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Failure";
        };

        return Failure;
    })();

    mygpt.ChunkHeader = (function() {

        /**
         * Properties of a ChunkHeader.
         * @memberof mygpt
         * @interface IChunkHeader
         * @property {number|null} [srcRank] ChunkHeader srcRank
         * @property {number|null} [step] ChunkHeader step
         * @property {mygpt.Phase|null} [phase] ChunkHeader phase
         * @property {number|null} [ringStep] ChunkHeader ringStep
         * @property {number|null} [chunkIndex] ChunkHeader chunkIndex
         * @property {number|null} [offset] ChunkHeader offset
         * @property {number|null} [count] ChunkHeader count
         * @property {mygpt.WireDtype|null} [dtype] ChunkHeader dtype
         * @property {number|null} [totalLength] ChunkHeader totalLength
         * @property {number|null} [generation] ChunkHeader generation
         */

        /**
         * Constructs a new ChunkHeader.
         * @memberof mygpt
         * @classdesc Represents a ChunkHeader.
         * @implements IChunkHeader
         * @constructor
         * @param {mygpt.IChunkHeader=} [p] Properties to set
         */
        function ChunkHeader(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * ChunkHeader srcRank.
         * @member {number} srcRank
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.srcRank = 0;

        /**
         * ChunkHeader step.
         * @member {number} step
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ChunkHeader phase.
         * @member {mygpt.Phase} phase
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.phase = 0;

        /**
         * ChunkHeader ringStep.
         * @member {number} ringStep
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.ringStep = 0;

        /**
         * ChunkHeader chunkIndex.
         * @member {number} chunkIndex
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.chunkIndex = 0;

        /**
         * ChunkHeader offset.
         * @member {number} offset
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.offset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ChunkHeader count.
         * @member {number} count
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.count = 0;

        /**
         * ChunkHeader dtype.
         * @member {mygpt.WireDtype} dtype
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.dtype = 0;

        /**
         * ChunkHeader totalLength.
         * @member {number} totalLength
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.totalLength = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ChunkHeader generation.
         * @member {number} generation
         * @memberof mygpt.ChunkHeader
         * @instance
         */
        ChunkHeader.prototype.generation = 0;

        /**
         * Creates a new ChunkHeader instance using the specified properties.
         * @function create
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {mygpt.IChunkHeader=} [properties] Properties to set
         * @returns {mygpt.ChunkHeader} ChunkHeader instance
         */
        ChunkHeader.create = function create(properties) {
            return new ChunkHeader(properties);
        };

        /**
         * Encodes the specified ChunkHeader message. Does not implicitly {@link mygpt.ChunkHeader.verify|verify} messages.
         * @function encode
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {mygpt.IChunkHeader} m ChunkHeader message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ChunkHeader.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.srcRank != null && Object.hasOwnProperty.call(m, "srcRank"))
                w.uint32(8).uint32(m.srcRank);
            if (m.step != null && Object.hasOwnProperty.call(m, "step"))
                w.uint32(16).uint64(m.step);
            if (m.phase != null && Object.hasOwnProperty.call(m, "phase"))
                w.uint32(24).int32(m.phase);
            if (m.ringStep != null && Object.hasOwnProperty.call(m, "ringStep"))
                w.uint32(32).uint32(m.ringStep);
            if (m.chunkIndex != null && Object.hasOwnProperty.call(m, "chunkIndex"))
                w.uint32(40).uint32(m.chunkIndex);
            if (m.offset != null && Object.hasOwnProperty.call(m, "offset"))
                w.uint32(48).uint64(m.offset);
            if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                w.uint32(56).uint32(m.count);
            if (m.dtype != null && Object.hasOwnProperty.call(m, "dtype"))
                w.uint32(64).int32(m.dtype);
            if (m.totalLength != null && Object.hasOwnProperty.call(m, "totalLength"))
                w.uint32(72).uint64(m.totalLength);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(80).uint32(m.generation);
            return w;
        };

        /**
         * Encodes the specified ChunkHeader message, length delimited. Does not implicitly {@link mygpt.ChunkHeader.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {mygpt.IChunkHeader} message ChunkHeader message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ChunkHeader.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a ChunkHeader message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.ChunkHeader} ChunkHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ChunkHeader.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.ChunkHeader();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.srcRank = r.uint32();
                        break;
                    }
                case 2: {
                        m.step = r.uint64();
                        break;
                    }
                case 3: {
                        m.phase = r.int32();
                        break;
                    }
                case 4: {
                        m.ringStep = r.uint32();
                        break;
                    }
                case 5: {
                        m.chunkIndex = r.uint32();
                        break;
                    }
                case 6: {
                        m.offset = r.uint64();
                        break;
                    }
                case 7: {
                        m.count = r.uint32();
                        break;
                    }
                case 8: {
                        m.dtype = r.int32();
                        break;
                    }
                case 9: {
                        m.totalLength = r.uint64();
                        break;
                    }
                case 10: {
                        m.generation = r.uint32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a ChunkHeader message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.ChunkHeader} ChunkHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ChunkHeader.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a ChunkHeader message.
         * @function verify
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ChunkHeader.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.srcRank != null && Object.hasOwnProperty.call(m, "srcRank")) {
                if (!$util.isInteger(m.srcRank))
                    return "srcRank: integer expected";
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (!$util.isInteger(m.step) && !(m.step && $util.isInteger(m.step.low) && $util.isInteger(m.step.high)))
                    return "step: integer|Long expected";
            }
            if (m.phase != null && Object.hasOwnProperty.call(m, "phase")) {
                switch (m.phase) {
                default:
                    return "phase: enum value expected";
                case 0:
                case 1:
                case 2:
                case 3:
                    break;
                }
            }
            if (m.ringStep != null && Object.hasOwnProperty.call(m, "ringStep")) {
                if (!$util.isInteger(m.ringStep))
                    return "ringStep: integer expected";
            }
            if (m.chunkIndex != null && Object.hasOwnProperty.call(m, "chunkIndex")) {
                if (!$util.isInteger(m.chunkIndex))
                    return "chunkIndex: integer expected";
            }
            if (m.offset != null && Object.hasOwnProperty.call(m, "offset")) {
                if (!$util.isInteger(m.offset) && !(m.offset && $util.isInteger(m.offset.low) && $util.isInteger(m.offset.high)))
                    return "offset: integer|Long expected";
            }
            if (m.count != null && Object.hasOwnProperty.call(m, "count")) {
                if (!$util.isInteger(m.count))
                    return "count: integer expected";
            }
            if (m.dtype != null && Object.hasOwnProperty.call(m, "dtype")) {
                switch (m.dtype) {
                default:
                    return "dtype: enum value expected";
                case 0:
                case 1:
                    break;
                }
            }
            if (m.totalLength != null && Object.hasOwnProperty.call(m, "totalLength")) {
                if (!$util.isInteger(m.totalLength) && !(m.totalLength && $util.isInteger(m.totalLength.low) && $util.isInteger(m.totalLength.high)))
                    return "totalLength: integer|Long expected";
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            return null;
        };

        /**
         * Creates a ChunkHeader message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.ChunkHeader} ChunkHeader
         */
        ChunkHeader.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.ChunkHeader)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.ChunkHeader: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.ChunkHeader();
            if (d.srcRank != null) {
                m.srcRank = d.srcRank >>> 0;
            }
            if (d.step != null) {
                if ($util.Long)
                    m.step = $util.Long.fromValue(d.step, true);
                else if (typeof d.step === "string")
                    m.step = parseInt(d.step, 10);
                else if (typeof d.step === "number")
                    m.step = d.step;
                else if (typeof d.step === "object")
                    m.step = new $util.LongBits(d.step.low >>> 0, d.step.high >>> 0).toNumber(true);
            }
            switch (d.phase) {
            default:
                if (typeof d.phase === "number") {
                    m.phase = d.phase;
                    break;
                }
                break;
            case "PHASE_UNSPECIFIED":
            case 0:
                m.phase = 0;
                break;
            case "REDUCE_SCATTER":
            case 1:
                m.phase = 1;
                break;
            case "ALL_GATHER":
            case 2:
                m.phase = 2;
                break;
            case "BROADCAST":
            case 3:
                m.phase = 3;
                break;
            }
            if (d.ringStep != null) {
                m.ringStep = d.ringStep >>> 0;
            }
            if (d.chunkIndex != null) {
                m.chunkIndex = d.chunkIndex >>> 0;
            }
            if (d.offset != null) {
                if ($util.Long)
                    m.offset = $util.Long.fromValue(d.offset, true);
                else if (typeof d.offset === "string")
                    m.offset = parseInt(d.offset, 10);
                else if (typeof d.offset === "number")
                    m.offset = d.offset;
                else if (typeof d.offset === "object")
                    m.offset = new $util.LongBits(d.offset.low >>> 0, d.offset.high >>> 0).toNumber(true);
            }
            if (d.count != null) {
                m.count = d.count >>> 0;
            }
            switch (d.dtype) {
            default:
                if (typeof d.dtype === "number") {
                    m.dtype = d.dtype;
                    break;
                }
                break;
            case "WIRE_DTYPE_FP32":
            case 0:
                m.dtype = 0;
                break;
            case "WIRE_DTYPE_BF16":
            case 1:
                m.dtype = 1;
                break;
            }
            if (d.totalLength != null) {
                if ($util.Long)
                    m.totalLength = $util.Long.fromValue(d.totalLength, true);
                else if (typeof d.totalLength === "string")
                    m.totalLength = parseInt(d.totalLength, 10);
                else if (typeof d.totalLength === "number")
                    m.totalLength = d.totalLength;
                else if (typeof d.totalLength === "object")
                    m.totalLength = new $util.LongBits(d.totalLength.low >>> 0, d.totalLength.high >>> 0).toNumber(true);
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            return m;
        };

        /**
         * Creates a plain object from a ChunkHeader message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {mygpt.ChunkHeader} m ChunkHeader
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ChunkHeader.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.srcRank = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.step = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.step = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.phase = o.enums === String ? "PHASE_UNSPECIFIED" : 0;
                d.ringStep = 0;
                d.chunkIndex = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.offset = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.offset = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.count = 0;
                d.dtype = o.enums === String ? "WIRE_DTYPE_FP32" : 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.totalLength = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.totalLength = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.generation = 0;
            }
            if (m.srcRank != null && Object.hasOwnProperty.call(m, "srcRank")) {
                d.srcRank = m.srcRank;
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.step = typeof m.step === "number" ? BigInt(m.step) : $util.Long.fromBits(m.step.low >>> 0, m.step.high >>> 0, true).toBigInt();
                else if (typeof m.step === "number")
                    d.step = o.longs === String ? String(m.step) : m.step;
                else
                    d.step = o.longs === String ? $util.Long.prototype.toString.call(m.step) : o.longs === Number ? new $util.LongBits(m.step.low >>> 0, m.step.high >>> 0).toNumber(true) : m.step;
            }
            if (m.phase != null && Object.hasOwnProperty.call(m, "phase")) {
                d.phase = o.enums === String ? $root.mygpt.Phase[m.phase] === undefined ? m.phase : $root.mygpt.Phase[m.phase] : m.phase;
            }
            if (m.ringStep != null && Object.hasOwnProperty.call(m, "ringStep")) {
                d.ringStep = m.ringStep;
            }
            if (m.chunkIndex != null && Object.hasOwnProperty.call(m, "chunkIndex")) {
                d.chunkIndex = m.chunkIndex;
            }
            if (m.offset != null && Object.hasOwnProperty.call(m, "offset")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.offset = typeof m.offset === "number" ? BigInt(m.offset) : $util.Long.fromBits(m.offset.low >>> 0, m.offset.high >>> 0, true).toBigInt();
                else if (typeof m.offset === "number")
                    d.offset = o.longs === String ? String(m.offset) : m.offset;
                else
                    d.offset = o.longs === String ? $util.Long.prototype.toString.call(m.offset) : o.longs === Number ? new $util.LongBits(m.offset.low >>> 0, m.offset.high >>> 0).toNumber(true) : m.offset;
            }
            if (m.count != null && Object.hasOwnProperty.call(m, "count")) {
                d.count = m.count;
            }
            if (m.dtype != null && Object.hasOwnProperty.call(m, "dtype")) {
                d.dtype = o.enums === String ? $root.mygpt.WireDtype[m.dtype] === undefined ? m.dtype : $root.mygpt.WireDtype[m.dtype] : m.dtype;
            }
            if (m.totalLength != null && Object.hasOwnProperty.call(m, "totalLength")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.totalLength = typeof m.totalLength === "number" ? BigInt(m.totalLength) : $util.Long.fromBits(m.totalLength.low >>> 0, m.totalLength.high >>> 0, true).toBigInt();
                else if (typeof m.totalLength === "number")
                    d.totalLength = o.longs === String ? String(m.totalLength) : m.totalLength;
                else
                    d.totalLength = o.longs === String ? $util.Long.prototype.toString.call(m.totalLength) : o.longs === Number ? new $util.LongBits(m.totalLength.low >>> 0, m.totalLength.high >>> 0).toNumber(true) : m.totalLength;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            return d;
        };

        /**
         * Converts this ChunkHeader to JSON.
         * @function toJSON
         * @memberof mygpt.ChunkHeader
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ChunkHeader.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for ChunkHeader
         * @function getTypeUrl
         * @memberof mygpt.ChunkHeader
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        ChunkHeader.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.ChunkHeader";
        };

        return ChunkHeader;
    })();

    mygpt.Abort = (function() {

        /**
         * Properties of an Abort.
         * @memberof mygpt
         * @interface IAbort
         * @property {number|null} [srcRank] Abort srcRank
         * @property {number|null} [failedRank] Abort failedRank
         * @property {number|null} [step] Abort step
         * @property {number|null} [generation] Abort generation
         * @property {string|null} [reason] Abort reason
         */

        /**
         * Constructs a new Abort.
         * @memberof mygpt
         * @classdesc Represents an Abort.
         * @implements IAbort
         * @constructor
         * @param {mygpt.IAbort=} [p] Properties to set
         */
        function Abort(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Abort srcRank.
         * @member {number} srcRank
         * @memberof mygpt.Abort
         * @instance
         */
        Abort.prototype.srcRank = 0;

        /**
         * Abort failedRank.
         * @member {number} failedRank
         * @memberof mygpt.Abort
         * @instance
         */
        Abort.prototype.failedRank = 0;

        /**
         * Abort step.
         * @member {number} step
         * @memberof mygpt.Abort
         * @instance
         */
        Abort.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Abort generation.
         * @member {number} generation
         * @memberof mygpt.Abort
         * @instance
         */
        Abort.prototype.generation = 0;

        /**
         * Abort reason.
         * @member {string} reason
         * @memberof mygpt.Abort
         * @instance
         */
        Abort.prototype.reason = "";

        /**
         * Creates a new Abort instance using the specified properties.
         * @function create
         * @memberof mygpt.Abort
         * @static
         * @param {mygpt.IAbort=} [properties] Properties to set
         * @returns {mygpt.Abort} Abort instance
         */
        Abort.create = function create(properties) {
            return new Abort(properties);
        };

        /**
         * Encodes the specified Abort message. Does not implicitly {@link mygpt.Abort.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Abort
         * @static
         * @param {mygpt.IAbort} m Abort message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Abort.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.srcRank != null && Object.hasOwnProperty.call(m, "srcRank"))
                w.uint32(8).uint32(m.srcRank);
            if (m.failedRank != null && Object.hasOwnProperty.call(m, "failedRank"))
                w.uint32(16).uint32(m.failedRank);
            if (m.step != null && Object.hasOwnProperty.call(m, "step"))
                w.uint32(24).uint64(m.step);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(32).uint32(m.generation);
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason"))
                w.uint32(42).string(m.reason);
            return w;
        };

        /**
         * Encodes the specified Abort message, length delimited. Does not implicitly {@link mygpt.Abort.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Abort
         * @static
         * @param {mygpt.IAbort} message Abort message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Abort.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes an Abort message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Abort
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Abort} Abort
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Abort.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Abort();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.srcRank = r.uint32();
                        break;
                    }
                case 2: {
                        m.failedRank = r.uint32();
                        break;
                    }
                case 3: {
                        m.step = r.uint64();
                        break;
                    }
                case 4: {
                        m.generation = r.uint32();
                        break;
                    }
                case 5: {
                        m.reason = r.string();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes an Abort message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Abort
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Abort} Abort
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Abort.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies an Abort message.
         * @function verify
         * @memberof mygpt.Abort
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Abort.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.srcRank != null && Object.hasOwnProperty.call(m, "srcRank")) {
                if (!$util.isInteger(m.srcRank))
                    return "srcRank: integer expected";
            }
            if (m.failedRank != null && Object.hasOwnProperty.call(m, "failedRank")) {
                if (!$util.isInteger(m.failedRank))
                    return "failedRank: integer expected";
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (!$util.isInteger(m.step) && !(m.step && $util.isInteger(m.step.low) && $util.isInteger(m.step.high)))
                    return "step: integer|Long expected";
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                if (!$util.isString(m.reason))
                    return "reason: string expected";
            }
            return null;
        };

        /**
         * Creates an Abort message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Abort
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Abort} Abort
         */
        Abort.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Abort)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Abort: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Abort();
            if (d.srcRank != null) {
                m.srcRank = d.srcRank >>> 0;
            }
            if (d.failedRank != null) {
                m.failedRank = d.failedRank >>> 0;
            }
            if (d.step != null) {
                if ($util.Long)
                    m.step = $util.Long.fromValue(d.step, true);
                else if (typeof d.step === "string")
                    m.step = parseInt(d.step, 10);
                else if (typeof d.step === "number")
                    m.step = d.step;
                else if (typeof d.step === "object")
                    m.step = new $util.LongBits(d.step.low >>> 0, d.step.high >>> 0).toNumber(true);
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            if (d.reason != null) {
                m.reason = String(d.reason);
            }
            return m;
        };

        /**
         * Creates a plain object from an Abort message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Abort
         * @static
         * @param {mygpt.Abort} m Abort
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Abort.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.srcRank = 0;
                d.failedRank = 0;
                if ($util.Long) {
                    var n = new $util.Long(0, 0, true);
                    d.step = o.longs === String ? n.toString() : o.longs === Number ? n.toNumber() : typeof BigInt !== "undefined" && o.longs === BigInt ? n.toBigInt() : n;
                } else
                    d.step = o.longs === String ? "0" : typeof BigInt !== "undefined" && o.longs === BigInt ? BigInt("0") : 0;
                d.generation = 0;
                d.reason = "";
            }
            if (m.srcRank != null && Object.hasOwnProperty.call(m, "srcRank")) {
                d.srcRank = m.srcRank;
            }
            if (m.failedRank != null && Object.hasOwnProperty.call(m, "failedRank")) {
                d.failedRank = m.failedRank;
            }
            if (m.step != null && Object.hasOwnProperty.call(m, "step")) {
                if (typeof BigInt !== "undefined" && o.longs === BigInt)
                    d.step = typeof m.step === "number" ? BigInt(m.step) : $util.Long.fromBits(m.step.low >>> 0, m.step.high >>> 0, true).toBigInt();
                else if (typeof m.step === "number")
                    d.step = o.longs === String ? String(m.step) : m.step;
                else
                    d.step = o.longs === String ? $util.Long.prototype.toString.call(m.step) : o.longs === Number ? new $util.LongBits(m.step.low >>> 0, m.step.high >>> 0).toNumber(true) : m.step;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason")) {
                d.reason = m.reason;
            }
            return d;
        };

        /**
         * Converts this Abort to JSON.
         * @function toJSON
         * @memberof mygpt.Abort
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Abort.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Abort
         * @function getTypeUrl
         * @memberof mygpt.Abort
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Abort.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Abort";
        };

        return Abort;
    })();

    /**
     * RingRole enum.
     * @name mygpt.RingRole
     * @enum {number}
     * @property {number} RING_ROLE_UNSPECIFIED=0 RING_ROLE_UNSPECIFIED value
     * @property {number} RING_ROLE_DIALER=1 RING_ROLE_DIALER value
     * @property {number} RING_ROLE_ACCEPTER=2 RING_ROLE_ACCEPTER value
     */
    mygpt.RingRole = (function() {
        var valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "RING_ROLE_UNSPECIFIED"] = 0;
        values[valuesById[1] = "RING_ROLE_DIALER"] = 1;
        values[valuesById[2] = "RING_ROLE_ACCEPTER"] = 2;
        return values;
    })();

    mygpt.RingHello = (function() {

        /**
         * Properties of a RingHello.
         * @memberof mygpt
         * @interface IRingHello
         * @property {number|null} [version] RingHello version
         * @property {mygpt.RingRole|null} [role] RingHello role
         * @property {number|null} [generation] RingHello generation
         * @property {number|null} [rank] RingHello rank
         * @property {Uint8Array|null} [nonce] RingHello nonce
         */

        /**
         * Constructs a new RingHello.
         * @memberof mygpt
         * @classdesc Represents a RingHello.
         * @implements IRingHello
         * @constructor
         * @param {mygpt.IRingHello=} [p] Properties to set
         */
        function RingHello(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * RingHello version.
         * @member {number} version
         * @memberof mygpt.RingHello
         * @instance
         */
        RingHello.prototype.version = 0;

        /**
         * RingHello role.
         * @member {mygpt.RingRole} role
         * @memberof mygpt.RingHello
         * @instance
         */
        RingHello.prototype.role = 0;

        /**
         * RingHello generation.
         * @member {number} generation
         * @memberof mygpt.RingHello
         * @instance
         */
        RingHello.prototype.generation = 0;

        /**
         * RingHello rank.
         * @member {number} rank
         * @memberof mygpt.RingHello
         * @instance
         */
        RingHello.prototype.rank = 0;

        /**
         * RingHello nonce.
         * @member {Uint8Array} nonce
         * @memberof mygpt.RingHello
         * @instance
         */
        RingHello.prototype.nonce = $util.newBuffer([]);

        /**
         * Creates a new RingHello instance using the specified properties.
         * @function create
         * @memberof mygpt.RingHello
         * @static
         * @param {mygpt.IRingHello=} [properties] Properties to set
         * @returns {mygpt.RingHello} RingHello instance
         */
        RingHello.create = function create(properties) {
            return new RingHello(properties);
        };

        /**
         * Encodes the specified RingHello message. Does not implicitly {@link mygpt.RingHello.verify|verify} messages.
         * @function encode
         * @memberof mygpt.RingHello
         * @static
         * @param {mygpt.IRingHello} m RingHello message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RingHello.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.version != null && Object.hasOwnProperty.call(m, "version"))
                w.uint32(8).uint32(m.version);
            if (m.role != null && Object.hasOwnProperty.call(m, "role"))
                w.uint32(16).int32(m.role);
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation"))
                w.uint32(24).uint32(m.generation);
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank"))
                w.uint32(32).uint32(m.rank);
            if (m.nonce != null && Object.hasOwnProperty.call(m, "nonce"))
                w.uint32(42).bytes(m.nonce);
            return w;
        };

        /**
         * Encodes the specified RingHello message, length delimited. Does not implicitly {@link mygpt.RingHello.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.RingHello
         * @static
         * @param {mygpt.IRingHello} message RingHello message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RingHello.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a RingHello message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.RingHello
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.RingHello} RingHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RingHello.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.RingHello();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.version = r.uint32();
                        break;
                    }
                case 2: {
                        m.role = r.int32();
                        break;
                    }
                case 3: {
                        m.generation = r.uint32();
                        break;
                    }
                case 4: {
                        m.rank = r.uint32();
                        break;
                    }
                case 5: {
                        m.nonce = r.bytes();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a RingHello message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.RingHello
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.RingHello} RingHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RingHello.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a RingHello message.
         * @function verify
         * @memberof mygpt.RingHello
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        RingHello.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.version != null && Object.hasOwnProperty.call(m, "version")) {
                if (!$util.isInteger(m.version))
                    return "version: integer expected";
            }
            if (m.role != null && Object.hasOwnProperty.call(m, "role")) {
                switch (m.role) {
                default:
                    return "role: enum value expected";
                case 0:
                case 1:
                case 2:
                    break;
                }
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                if (!$util.isInteger(m.generation))
                    return "generation: integer expected";
            }
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                if (!$util.isInteger(m.rank))
                    return "rank: integer expected";
            }
            if (m.nonce != null && Object.hasOwnProperty.call(m, "nonce")) {
                if (!(m.nonce && typeof m.nonce.length === "number" || $util.isString(m.nonce)))
                    return "nonce: buffer expected";
            }
            return null;
        };

        /**
         * Creates a RingHello message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.RingHello
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.RingHello} RingHello
         */
        RingHello.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.RingHello)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.RingHello: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.RingHello();
            if (d.version != null) {
                m.version = d.version >>> 0;
            }
            switch (d.role) {
            default:
                if (typeof d.role === "number") {
                    m.role = d.role;
                    break;
                }
                break;
            case "RING_ROLE_UNSPECIFIED":
            case 0:
                m.role = 0;
                break;
            case "RING_ROLE_DIALER":
            case 1:
                m.role = 1;
                break;
            case "RING_ROLE_ACCEPTER":
            case 2:
                m.role = 2;
                break;
            }
            if (d.generation != null) {
                m.generation = d.generation >>> 0;
            }
            if (d.rank != null) {
                m.rank = d.rank >>> 0;
            }
            if (d.nonce != null) {
                if (typeof d.nonce === "string")
                    $util.base64.decode(d.nonce, m.nonce = $util.newBuffer($util.base64.length(d.nonce)), 0);
                else if (d.nonce.length >= 0)
                    m.nonce = d.nonce;
            }
            return m;
        };

        /**
         * Creates a plain object from a RingHello message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.RingHello
         * @static
         * @param {mygpt.RingHello} m RingHello
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RingHello.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.version = 0;
                d.role = o.enums === String ? "RING_ROLE_UNSPECIFIED" : 0;
                d.generation = 0;
                d.rank = 0;
                if (o.bytes === String)
                    d.nonce = "";
                else {
                    d.nonce = [];
                    if (o.bytes !== Array)
                        d.nonce = $util.newBuffer(d.nonce);
                }
            }
            if (m.version != null && Object.hasOwnProperty.call(m, "version")) {
                d.version = m.version;
            }
            if (m.role != null && Object.hasOwnProperty.call(m, "role")) {
                d.role = o.enums === String ? $root.mygpt.RingRole[m.role] === undefined ? m.role : $root.mygpt.RingRole[m.role] : m.role;
            }
            if (m.generation != null && Object.hasOwnProperty.call(m, "generation")) {
                d.generation = m.generation;
            }
            if (m.rank != null && Object.hasOwnProperty.call(m, "rank")) {
                d.rank = m.rank;
            }
            if (m.nonce != null && Object.hasOwnProperty.call(m, "nonce")) {
                d.nonce = o.bytes === String ? $util.base64.encode(m.nonce, 0, m.nonce.length) : o.bytes === Array ? Array.prototype.slice.call(m.nonce) : m.nonce;
            }
            return d;
        };

        /**
         * Converts this RingHello to JSON.
         * @function toJSON
         * @memberof mygpt.RingHello
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RingHello.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for RingHello
         * @function getTypeUrl
         * @memberof mygpt.RingHello
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        RingHello.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.RingHello";
        };

        return RingHello;
    })();

    mygpt.RingProof = (function() {

        /**
         * Properties of a RingProof.
         * @memberof mygpt
         * @interface IRingProof
         * @property {Uint8Array|null} [mac] RingProof mac
         */

        /**
         * Constructs a new RingProof.
         * @memberof mygpt
         * @classdesc Represents a RingProof.
         * @implements IRingProof
         * @constructor
         * @param {mygpt.IRingProof=} [p] Properties to set
         */
        function RingProof(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * RingProof mac.
         * @member {Uint8Array} mac
         * @memberof mygpt.RingProof
         * @instance
         */
        RingProof.prototype.mac = $util.newBuffer([]);

        /**
         * Creates a new RingProof instance using the specified properties.
         * @function create
         * @memberof mygpt.RingProof
         * @static
         * @param {mygpt.IRingProof=} [properties] Properties to set
         * @returns {mygpt.RingProof} RingProof instance
         */
        RingProof.create = function create(properties) {
            return new RingProof(properties);
        };

        /**
         * Encodes the specified RingProof message. Does not implicitly {@link mygpt.RingProof.verify|verify} messages.
         * @function encode
         * @memberof mygpt.RingProof
         * @static
         * @param {mygpt.IRingProof} m RingProof message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RingProof.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.mac != null && Object.hasOwnProperty.call(m, "mac"))
                w.uint32(10).bytes(m.mac);
            return w;
        };

        /**
         * Encodes the specified RingProof message, length delimited. Does not implicitly {@link mygpt.RingProof.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.RingProof
         * @static
         * @param {mygpt.IRingProof} message RingProof message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RingProof.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a RingProof message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.RingProof
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.RingProof} RingProof
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RingProof.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.RingProof();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.mac = r.bytes();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a RingProof message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.RingProof
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.RingProof} RingProof
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RingProof.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a RingProof message.
         * @function verify
         * @memberof mygpt.RingProof
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        RingProof.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.mac != null && Object.hasOwnProperty.call(m, "mac")) {
                if (!(m.mac && typeof m.mac.length === "number" || $util.isString(m.mac)))
                    return "mac: buffer expected";
            }
            return null;
        };

        /**
         * Creates a RingProof message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.RingProof
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.RingProof} RingProof
         */
        RingProof.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.RingProof)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.RingProof: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.RingProof();
            if (d.mac != null) {
                if (typeof d.mac === "string")
                    $util.base64.decode(d.mac, m.mac = $util.newBuffer($util.base64.length(d.mac)), 0);
                else if (d.mac.length >= 0)
                    m.mac = d.mac;
            }
            return m;
        };

        /**
         * Creates a plain object from a RingProof message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.RingProof
         * @static
         * @param {mygpt.RingProof} m RingProof
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RingProof.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                if (o.bytes === String)
                    d.mac = "";
                else {
                    d.mac = [];
                    if (o.bytes !== Array)
                        d.mac = $util.newBuffer(d.mac);
                }
            }
            if (m.mac != null && Object.hasOwnProperty.call(m, "mac")) {
                d.mac = o.bytes === String ? $util.base64.encode(m.mac, 0, m.mac.length) : o.bytes === Array ? Array.prototype.slice.call(m.mac) : m.mac;
            }
            return d;
        };

        /**
         * Converts this RingProof to JSON.
         * @function toJSON
         * @memberof mygpt.RingProof
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RingProof.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for RingProof
         * @function getTypeUrl
         * @memberof mygpt.RingProof
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        RingProof.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.RingProof";
        };

        return RingProof;
    })();

    mygpt.ShmOffer = (function() {

        /**
         * Properties of a ShmOffer.
         * @memberof mygpt
         * @interface IShmOffer
         * @property {number|null} [pid] ShmOffer pid
         * @property {number|null} [fd] ShmOffer fd
         * @property {number|null} [slotBytes] ShmOffer slotBytes
         * @property {number|null} [slots] ShmOffer slots
         * @property {Uint8Array|null} [token] ShmOffer token
         */

        /**
         * Constructs a new ShmOffer.
         * @memberof mygpt
         * @classdesc Represents a ShmOffer.
         * @implements IShmOffer
         * @constructor
         * @param {mygpt.IShmOffer=} [p] Properties to set
         */
        function ShmOffer(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * ShmOffer pid.
         * @member {number} pid
         * @memberof mygpt.ShmOffer
         * @instance
         */
        ShmOffer.prototype.pid = 0;

        /**
         * ShmOffer fd.
         * @member {number} fd
         * @memberof mygpt.ShmOffer
         * @instance
         */
        ShmOffer.prototype.fd = 0;

        /**
         * ShmOffer slotBytes.
         * @member {number} slotBytes
         * @memberof mygpt.ShmOffer
         * @instance
         */
        ShmOffer.prototype.slotBytes = 0;

        /**
         * ShmOffer slots.
         * @member {number} slots
         * @memberof mygpt.ShmOffer
         * @instance
         */
        ShmOffer.prototype.slots = 0;

        /**
         * ShmOffer token.
         * @member {Uint8Array} token
         * @memberof mygpt.ShmOffer
         * @instance
         */
        ShmOffer.prototype.token = $util.newBuffer([]);

        /**
         * Creates a new ShmOffer instance using the specified properties.
         * @function create
         * @memberof mygpt.ShmOffer
         * @static
         * @param {mygpt.IShmOffer=} [properties] Properties to set
         * @returns {mygpt.ShmOffer} ShmOffer instance
         */
        ShmOffer.create = function create(properties) {
            return new ShmOffer(properties);
        };

        /**
         * Encodes the specified ShmOffer message. Does not implicitly {@link mygpt.ShmOffer.verify|verify} messages.
         * @function encode
         * @memberof mygpt.ShmOffer
         * @static
         * @param {mygpt.IShmOffer} m ShmOffer message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ShmOffer.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid"))
                w.uint32(8).uint32(m.pid);
            if (m.fd != null && Object.hasOwnProperty.call(m, "fd"))
                w.uint32(16).uint32(m.fd);
            if (m.slotBytes != null && Object.hasOwnProperty.call(m, "slotBytes"))
                w.uint32(24).uint32(m.slotBytes);
            if (m.slots != null && Object.hasOwnProperty.call(m, "slots"))
                w.uint32(32).uint32(m.slots);
            if (m.token != null && Object.hasOwnProperty.call(m, "token"))
                w.uint32(42).bytes(m.token);
            return w;
        };

        /**
         * Encodes the specified ShmOffer message, length delimited. Does not implicitly {@link mygpt.ShmOffer.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.ShmOffer
         * @static
         * @param {mygpt.IShmOffer} message ShmOffer message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ShmOffer.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a ShmOffer message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.ShmOffer
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.ShmOffer} ShmOffer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ShmOffer.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.ShmOffer();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.pid = r.uint32();
                        break;
                    }
                case 2: {
                        m.fd = r.uint32();
                        break;
                    }
                case 3: {
                        m.slotBytes = r.uint32();
                        break;
                    }
                case 4: {
                        m.slots = r.uint32();
                        break;
                    }
                case 5: {
                        m.token = r.bytes();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a ShmOffer message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.ShmOffer
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.ShmOffer} ShmOffer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ShmOffer.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a ShmOffer message.
         * @function verify
         * @memberof mygpt.ShmOffer
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ShmOffer.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid")) {
                if (!$util.isInteger(m.pid))
                    return "pid: integer expected";
            }
            if (m.fd != null && Object.hasOwnProperty.call(m, "fd")) {
                if (!$util.isInteger(m.fd))
                    return "fd: integer expected";
            }
            if (m.slotBytes != null && Object.hasOwnProperty.call(m, "slotBytes")) {
                if (!$util.isInteger(m.slotBytes))
                    return "slotBytes: integer expected";
            }
            if (m.slots != null && Object.hasOwnProperty.call(m, "slots")) {
                if (!$util.isInteger(m.slots))
                    return "slots: integer expected";
            }
            if (m.token != null && Object.hasOwnProperty.call(m, "token")) {
                if (!(m.token && typeof m.token.length === "number" || $util.isString(m.token)))
                    return "token: buffer expected";
            }
            return null;
        };

        /**
         * Creates a ShmOffer message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.ShmOffer
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.ShmOffer} ShmOffer
         */
        ShmOffer.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.ShmOffer)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.ShmOffer: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.ShmOffer();
            if (d.pid != null) {
                m.pid = d.pid >>> 0;
            }
            if (d.fd != null) {
                m.fd = d.fd >>> 0;
            }
            if (d.slotBytes != null) {
                m.slotBytes = d.slotBytes >>> 0;
            }
            if (d.slots != null) {
                m.slots = d.slots >>> 0;
            }
            if (d.token != null) {
                if (typeof d.token === "string")
                    $util.base64.decode(d.token, m.token = $util.newBuffer($util.base64.length(d.token)), 0);
                else if (d.token.length >= 0)
                    m.token = d.token;
            }
            return m;
        };

        /**
         * Creates a plain object from a ShmOffer message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.ShmOffer
         * @static
         * @param {mygpt.ShmOffer} m ShmOffer
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ShmOffer.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.pid = 0;
                d.fd = 0;
                d.slotBytes = 0;
                d.slots = 0;
                if (o.bytes === String)
                    d.token = "";
                else {
                    d.token = [];
                    if (o.bytes !== Array)
                        d.token = $util.newBuffer(d.token);
                }
            }
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid")) {
                d.pid = m.pid;
            }
            if (m.fd != null && Object.hasOwnProperty.call(m, "fd")) {
                d.fd = m.fd;
            }
            if (m.slotBytes != null && Object.hasOwnProperty.call(m, "slotBytes")) {
                d.slotBytes = m.slotBytes;
            }
            if (m.slots != null && Object.hasOwnProperty.call(m, "slots")) {
                d.slots = m.slots;
            }
            if (m.token != null && Object.hasOwnProperty.call(m, "token")) {
                d.token = o.bytes === String ? $util.base64.encode(m.token, 0, m.token.length) : o.bytes === Array ? Array.prototype.slice.call(m.token) : m.token;
            }
            return d;
        };

        /**
         * Converts this ShmOffer to JSON.
         * @function toJSON
         * @memberof mygpt.ShmOffer
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ShmOffer.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for ShmOffer
         * @function getTypeUrl
         * @memberof mygpt.ShmOffer
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        ShmOffer.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.ShmOffer";
        };

        return ShmOffer;
    })();

    mygpt.ShmAnswer = (function() {

        /**
         * Properties of a ShmAnswer.
         * @memberof mygpt
         * @interface IShmAnswer
         * @property {boolean|null} [mapped] ShmAnswer mapped
         * @property {string|null} [why] ShmAnswer why
         * @property {number|null} [pid] ShmAnswer pid
         * @property {number|null} [fd] ShmAnswer fd
         * @property {Uint8Array|null} [token] ShmAnswer token
         */

        /**
         * Constructs a new ShmAnswer.
         * @memberof mygpt
         * @classdesc Represents a ShmAnswer.
         * @implements IShmAnswer
         * @constructor
         * @param {mygpt.IShmAnswer=} [p] Properties to set
         */
        function ShmAnswer(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * ShmAnswer mapped.
         * @member {boolean} mapped
         * @memberof mygpt.ShmAnswer
         * @instance
         */
        ShmAnswer.prototype.mapped = false;

        /**
         * ShmAnswer why.
         * @member {string} why
         * @memberof mygpt.ShmAnswer
         * @instance
         */
        ShmAnswer.prototype.why = "";

        /**
         * ShmAnswer pid.
         * @member {number} pid
         * @memberof mygpt.ShmAnswer
         * @instance
         */
        ShmAnswer.prototype.pid = 0;

        /**
         * ShmAnswer fd.
         * @member {number} fd
         * @memberof mygpt.ShmAnswer
         * @instance
         */
        ShmAnswer.prototype.fd = 0;

        /**
         * ShmAnswer token.
         * @member {Uint8Array} token
         * @memberof mygpt.ShmAnswer
         * @instance
         */
        ShmAnswer.prototype.token = $util.newBuffer([]);

        /**
         * Creates a new ShmAnswer instance using the specified properties.
         * @function create
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {mygpt.IShmAnswer=} [properties] Properties to set
         * @returns {mygpt.ShmAnswer} ShmAnswer instance
         */
        ShmAnswer.create = function create(properties) {
            return new ShmAnswer(properties);
        };

        /**
         * Encodes the specified ShmAnswer message. Does not implicitly {@link mygpt.ShmAnswer.verify|verify} messages.
         * @function encode
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {mygpt.IShmAnswer} m ShmAnswer message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ShmAnswer.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.mapped != null && Object.hasOwnProperty.call(m, "mapped"))
                w.uint32(8).bool(m.mapped);
            if (m.why != null && Object.hasOwnProperty.call(m, "why"))
                w.uint32(18).string(m.why);
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid"))
                w.uint32(24).uint32(m.pid);
            if (m.fd != null && Object.hasOwnProperty.call(m, "fd"))
                w.uint32(32).uint32(m.fd);
            if (m.token != null && Object.hasOwnProperty.call(m, "token"))
                w.uint32(42).bytes(m.token);
            return w;
        };

        /**
         * Encodes the specified ShmAnswer message, length delimited. Does not implicitly {@link mygpt.ShmAnswer.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {mygpt.IShmAnswer} message ShmAnswer message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ShmAnswer.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a ShmAnswer message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.ShmAnswer} ShmAnswer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ShmAnswer.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.ShmAnswer();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.mapped = r.bool();
                        break;
                    }
                case 2: {
                        m.why = r.string();
                        break;
                    }
                case 3: {
                        m.pid = r.uint32();
                        break;
                    }
                case 4: {
                        m.fd = r.uint32();
                        break;
                    }
                case 5: {
                        m.token = r.bytes();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a ShmAnswer message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.ShmAnswer} ShmAnswer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ShmAnswer.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a ShmAnswer message.
         * @function verify
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ShmAnswer.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.mapped != null && Object.hasOwnProperty.call(m, "mapped")) {
                if (typeof m.mapped !== "boolean")
                    return "mapped: boolean expected";
            }
            if (m.why != null && Object.hasOwnProperty.call(m, "why")) {
                if (!$util.isString(m.why))
                    return "why: string expected";
            }
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid")) {
                if (!$util.isInteger(m.pid))
                    return "pid: integer expected";
            }
            if (m.fd != null && Object.hasOwnProperty.call(m, "fd")) {
                if (!$util.isInteger(m.fd))
                    return "fd: integer expected";
            }
            if (m.token != null && Object.hasOwnProperty.call(m, "token")) {
                if (!(m.token && typeof m.token.length === "number" || $util.isString(m.token)))
                    return "token: buffer expected";
            }
            return null;
        };

        /**
         * Creates a ShmAnswer message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.ShmAnswer} ShmAnswer
         */
        ShmAnswer.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.ShmAnswer)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.ShmAnswer: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.ShmAnswer();
            if (d.mapped != null) {
                m.mapped = Boolean(d.mapped);
            }
            if (d.why != null) {
                m.why = String(d.why);
            }
            if (d.pid != null) {
                m.pid = d.pid >>> 0;
            }
            if (d.fd != null) {
                m.fd = d.fd >>> 0;
            }
            if (d.token != null) {
                if (typeof d.token === "string")
                    $util.base64.decode(d.token, m.token = $util.newBuffer($util.base64.length(d.token)), 0);
                else if (d.token.length >= 0)
                    m.token = d.token;
            }
            return m;
        };

        /**
         * Creates a plain object from a ShmAnswer message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {mygpt.ShmAnswer} m ShmAnswer
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ShmAnswer.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.mapped = false;
                d.why = "";
                d.pid = 0;
                d.fd = 0;
                if (o.bytes === String)
                    d.token = "";
                else {
                    d.token = [];
                    if (o.bytes !== Array)
                        d.token = $util.newBuffer(d.token);
                }
            }
            if (m.mapped != null && Object.hasOwnProperty.call(m, "mapped")) {
                d.mapped = m.mapped;
            }
            if (m.why != null && Object.hasOwnProperty.call(m, "why")) {
                d.why = m.why;
            }
            if (m.pid != null && Object.hasOwnProperty.call(m, "pid")) {
                d.pid = m.pid;
            }
            if (m.fd != null && Object.hasOwnProperty.call(m, "fd")) {
                d.fd = m.fd;
            }
            if (m.token != null && Object.hasOwnProperty.call(m, "token")) {
                d.token = o.bytes === String ? $util.base64.encode(m.token, 0, m.token.length) : o.bytes === Array ? Array.prototype.slice.call(m.token) : m.token;
            }
            return d;
        };

        /**
         * Converts this ShmAnswer to JSON.
         * @function toJSON
         * @memberof mygpt.ShmAnswer
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ShmAnswer.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for ShmAnswer
         * @function getTypeUrl
         * @memberof mygpt.ShmAnswer
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        ShmAnswer.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.ShmAnswer";
        };

        return ShmAnswer;
    })();

    mygpt.ShmSlot = (function() {

        /**
         * Properties of a ShmSlot.
         * @memberof mygpt
         * @interface IShmSlot
         * @property {number|null} [slot] ShmSlot slot
         * @property {number|null} [bytes] ShmSlot bytes
         * @property {number|null} [seq] ShmSlot seq
         */

        /**
         * Constructs a new ShmSlot.
         * @memberof mygpt
         * @classdesc Represents a ShmSlot.
         * @implements IShmSlot
         * @constructor
         * @param {mygpt.IShmSlot=} [p] Properties to set
         */
        function ShmSlot(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * ShmSlot slot.
         * @member {number} slot
         * @memberof mygpt.ShmSlot
         * @instance
         */
        ShmSlot.prototype.slot = 0;

        /**
         * ShmSlot bytes.
         * @member {number} bytes
         * @memberof mygpt.ShmSlot
         * @instance
         */
        ShmSlot.prototype.bytes = 0;

        /**
         * ShmSlot seq.
         * @member {number} seq
         * @memberof mygpt.ShmSlot
         * @instance
         */
        ShmSlot.prototype.seq = 0;

        /**
         * Creates a new ShmSlot instance using the specified properties.
         * @function create
         * @memberof mygpt.ShmSlot
         * @static
         * @param {mygpt.IShmSlot=} [properties] Properties to set
         * @returns {mygpt.ShmSlot} ShmSlot instance
         */
        ShmSlot.create = function create(properties) {
            return new ShmSlot(properties);
        };

        /**
         * Encodes the specified ShmSlot message. Does not implicitly {@link mygpt.ShmSlot.verify|verify} messages.
         * @function encode
         * @memberof mygpt.ShmSlot
         * @static
         * @param {mygpt.IShmSlot} m ShmSlot message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ShmSlot.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.slot != null && Object.hasOwnProperty.call(m, "slot"))
                w.uint32(8).uint32(m.slot);
            if (m.bytes != null && Object.hasOwnProperty.call(m, "bytes"))
                w.uint32(16).uint32(m.bytes);
            if (m.seq != null && Object.hasOwnProperty.call(m, "seq"))
                w.uint32(24).uint32(m.seq);
            return w;
        };

        /**
         * Encodes the specified ShmSlot message, length delimited. Does not implicitly {@link mygpt.ShmSlot.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.ShmSlot
         * @static
         * @param {mygpt.IShmSlot} message ShmSlot message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ShmSlot.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes a ShmSlot message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.ShmSlot
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.ShmSlot} ShmSlot
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ShmSlot.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.ShmSlot();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.slot = r.uint32();
                        break;
                    }
                case 2: {
                        m.bytes = r.uint32();
                        break;
                    }
                case 3: {
                        m.seq = r.uint32();
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes a ShmSlot message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.ShmSlot
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.ShmSlot} ShmSlot
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ShmSlot.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies a ShmSlot message.
         * @function verify
         * @memberof mygpt.ShmSlot
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ShmSlot.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            if (m.slot != null && Object.hasOwnProperty.call(m, "slot")) {
                if (!$util.isInteger(m.slot))
                    return "slot: integer expected";
            }
            if (m.bytes != null && Object.hasOwnProperty.call(m, "bytes")) {
                if (!$util.isInteger(m.bytes))
                    return "bytes: integer expected";
            }
            if (m.seq != null && Object.hasOwnProperty.call(m, "seq")) {
                if (!$util.isInteger(m.seq))
                    return "seq: integer expected";
            }
            return null;
        };

        /**
         * Creates a ShmSlot message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.ShmSlot
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.ShmSlot} ShmSlot
         */
        ShmSlot.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.ShmSlot)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.ShmSlot: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.ShmSlot();
            if (d.slot != null) {
                m.slot = d.slot >>> 0;
            }
            if (d.bytes != null) {
                m.bytes = d.bytes >>> 0;
            }
            if (d.seq != null) {
                m.seq = d.seq >>> 0;
            }
            return m;
        };

        /**
         * Creates a plain object from a ShmSlot message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.ShmSlot
         * @static
         * @param {mygpt.ShmSlot} m ShmSlot
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ShmSlot.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (o.defaults) {
                d.slot = 0;
                d.bytes = 0;
                d.seq = 0;
            }
            if (m.slot != null && Object.hasOwnProperty.call(m, "slot")) {
                d.slot = m.slot;
            }
            if (m.bytes != null && Object.hasOwnProperty.call(m, "bytes")) {
                d.bytes = m.bytes;
            }
            if (m.seq != null && Object.hasOwnProperty.call(m, "seq")) {
                d.seq = m.seq;
            }
            return d;
        };

        /**
         * Converts this ShmSlot to JSON.
         * @function toJSON
         * @memberof mygpt.ShmSlot
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ShmSlot.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for ShmSlot
         * @function getTypeUrl
         * @memberof mygpt.ShmSlot
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        ShmSlot.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.ShmSlot";
        };

        return ShmSlot;
    })();

    mygpt.Envelope = (function() {

        /**
         * Properties of an Envelope.
         * @memberof mygpt
         * @interface IEnvelope
         * @property {mygpt.IHello|null} [hello] Envelope hello
         * @property {mygpt.IWelcome|null} [welcome] Envelope welcome
         * @property {mygpt.IRefuse|null} [refuse] Envelope refuse
         * @property {mygpt.IStart|null} [start] Envelope start
         * @property {mygpt.IHeartbeat|null} [heartbeat] Envelope heartbeat
         * @property {mygpt.IStepReport|null} [stepReport] Envelope stepReport
         * @property {mygpt.IShutdown|null} [shutdown] Envelope shutdown
         * @property {mygpt.IDone|null} [done] Envelope done
         * @property {mygpt.IFailure|null} [failure] Envelope failure
         * @property {mygpt.IChunkHeader|null} [chunk] Envelope chunk
         * @property {mygpt.IAbort|null} [abort] Envelope abort
         * @property {mygpt.IRingHello|null} [ringHello] Envelope ringHello
         * @property {mygpt.IRingProof|null} [ringProof] Envelope ringProof
         * @property {mygpt.IShmOffer|null} [shmOffer] Envelope shmOffer
         * @property {mygpt.IShmAnswer|null} [shmAnswer] Envelope shmAnswer
         * @property {mygpt.IShmSlot|null} [shmSlot] Envelope shmSlot
         */

        /**
         * Constructs a new Envelope.
         * @memberof mygpt
         * @classdesc Represents an Envelope.
         * @implements IEnvelope
         * @constructor
         * @param {mygpt.IEnvelope=} [p] Properties to set
         */
        function Envelope(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        /**
         * Envelope hello.
         * @member {mygpt.IHello|null|undefined} hello
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.hello = null;

        /**
         * Envelope welcome.
         * @member {mygpt.IWelcome|null|undefined} welcome
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.welcome = null;

        /**
         * Envelope refuse.
         * @member {mygpt.IRefuse|null|undefined} refuse
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.refuse = null;

        /**
         * Envelope start.
         * @member {mygpt.IStart|null|undefined} start
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.start = null;

        /**
         * Envelope heartbeat.
         * @member {mygpt.IHeartbeat|null|undefined} heartbeat
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.heartbeat = null;

        /**
         * Envelope stepReport.
         * @member {mygpt.IStepReport|null|undefined} stepReport
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.stepReport = null;

        /**
         * Envelope shutdown.
         * @member {mygpt.IShutdown|null|undefined} shutdown
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.shutdown = null;

        /**
         * Envelope done.
         * @member {mygpt.IDone|null|undefined} done
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.done = null;

        /**
         * Envelope failure.
         * @member {mygpt.IFailure|null|undefined} failure
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.failure = null;

        /**
         * Envelope chunk.
         * @member {mygpt.IChunkHeader|null|undefined} chunk
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.chunk = null;

        /**
         * Envelope abort.
         * @member {mygpt.IAbort|null|undefined} abort
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.abort = null;

        /**
         * Envelope ringHello.
         * @member {mygpt.IRingHello|null|undefined} ringHello
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.ringHello = null;

        /**
         * Envelope ringProof.
         * @member {mygpt.IRingProof|null|undefined} ringProof
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.ringProof = null;

        /**
         * Envelope shmOffer.
         * @member {mygpt.IShmOffer|null|undefined} shmOffer
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.shmOffer = null;

        /**
         * Envelope shmAnswer.
         * @member {mygpt.IShmAnswer|null|undefined} shmAnswer
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.shmAnswer = null;

        /**
         * Envelope shmSlot.
         * @member {mygpt.IShmSlot|null|undefined} shmSlot
         * @memberof mygpt.Envelope
         * @instance
         */
        Envelope.prototype.shmSlot = null;

        // OneOf field names bound to virtual getters and setters
        var $oneOfFields;

        /**
         * Envelope body.
         * @member {"hello"|"welcome"|"refuse"|"start"|"heartbeat"|"stepReport"|"shutdown"|"done"|"failure"|"chunk"|"abort"|"ringHello"|"ringProof"|"shmOffer"|"shmAnswer"|"shmSlot"|undefined} body
         * @memberof mygpt.Envelope
         * @instance
         */
        Object.defineProperty(Envelope.prototype, "body", {
            get: $util.oneOfGetter($oneOfFields = ["hello", "welcome", "refuse", "start", "heartbeat", "stepReport", "shutdown", "done", "failure", "chunk", "abort", "ringHello", "ringProof", "shmOffer", "shmAnswer", "shmSlot"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new Envelope instance using the specified properties.
         * @function create
         * @memberof mygpt.Envelope
         * @static
         * @param {mygpt.IEnvelope=} [properties] Properties to set
         * @returns {mygpt.Envelope} Envelope instance
         */
        Envelope.create = function create(properties) {
            return new Envelope(properties);
        };

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link mygpt.Envelope.verify|verify} messages.
         * @function encode
         * @memberof mygpt.Envelope
         * @static
         * @param {mygpt.IEnvelope} m Envelope message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Envelope.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.hello != null && Object.hasOwnProperty.call(m, "hello"))
                $root.mygpt.Hello.encode(m.hello, w.uint32(10).fork(), q + 1).ldelim();
            if (m.welcome != null && Object.hasOwnProperty.call(m, "welcome"))
                $root.mygpt.Welcome.encode(m.welcome, w.uint32(18).fork(), q + 1).ldelim();
            if (m.refuse != null && Object.hasOwnProperty.call(m, "refuse"))
                $root.mygpt.Refuse.encode(m.refuse, w.uint32(26).fork(), q + 1).ldelim();
            if (m.start != null && Object.hasOwnProperty.call(m, "start"))
                $root.mygpt.Start.encode(m.start, w.uint32(34).fork(), q + 1).ldelim();
            if (m.heartbeat != null && Object.hasOwnProperty.call(m, "heartbeat"))
                $root.mygpt.Heartbeat.encode(m.heartbeat, w.uint32(42).fork(), q + 1).ldelim();
            if (m.stepReport != null && Object.hasOwnProperty.call(m, "stepReport"))
                $root.mygpt.StepReport.encode(m.stepReport, w.uint32(50).fork(), q + 1).ldelim();
            if (m.shutdown != null && Object.hasOwnProperty.call(m, "shutdown"))
                $root.mygpt.Shutdown.encode(m.shutdown, w.uint32(58).fork(), q + 1).ldelim();
            if (m.done != null && Object.hasOwnProperty.call(m, "done"))
                $root.mygpt.Done.encode(m.done, w.uint32(66).fork(), q + 1).ldelim();
            if (m.failure != null && Object.hasOwnProperty.call(m, "failure"))
                $root.mygpt.Failure.encode(m.failure, w.uint32(74).fork(), q + 1).ldelim();
            if (m.chunk != null && Object.hasOwnProperty.call(m, "chunk"))
                $root.mygpt.ChunkHeader.encode(m.chunk, w.uint32(82).fork(), q + 1).ldelim();
            if (m.abort != null && Object.hasOwnProperty.call(m, "abort"))
                $root.mygpt.Abort.encode(m.abort, w.uint32(90).fork(), q + 1).ldelim();
            if (m.ringHello != null && Object.hasOwnProperty.call(m, "ringHello"))
                $root.mygpt.RingHello.encode(m.ringHello, w.uint32(98).fork(), q + 1).ldelim();
            if (m.ringProof != null && Object.hasOwnProperty.call(m, "ringProof"))
                $root.mygpt.RingProof.encode(m.ringProof, w.uint32(106).fork(), q + 1).ldelim();
            if (m.shmOffer != null && Object.hasOwnProperty.call(m, "shmOffer"))
                $root.mygpt.ShmOffer.encode(m.shmOffer, w.uint32(114).fork(), q + 1).ldelim();
            if (m.shmAnswer != null && Object.hasOwnProperty.call(m, "shmAnswer"))
                $root.mygpt.ShmAnswer.encode(m.shmAnswer, w.uint32(122).fork(), q + 1).ldelim();
            if (m.shmSlot != null && Object.hasOwnProperty.call(m, "shmSlot"))
                $root.mygpt.ShmSlot.encode(m.shmSlot, w.uint32(130).fork(), q + 1).ldelim();
            return w;
        };

        /**
         * Encodes the specified Envelope message, length delimited. Does not implicitly {@link mygpt.Envelope.verify|verify} messages.
         * @function encodeDelimited
         * @memberof mygpt.Envelope
         * @static
         * @param {mygpt.IEnvelope} message Envelope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Envelope.encodeDelimited = function encodeDelimited(message, writer) {
            return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
        };

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @function decode
         * @memberof mygpt.Envelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {mygpt.Envelope} Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Envelope.decode = function decode(r, l, e, n) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (n === undefined)
                n = 0;
            if (n > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var c, m;
            if (l === undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = new $root.mygpt.Envelope();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.hello = $root.mygpt.Hello.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 2: {
                        m.welcome = $root.mygpt.Welcome.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 3: {
                        m.refuse = $root.mygpt.Refuse.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 4: {
                        m.start = $root.mygpt.Start.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 5: {
                        m.heartbeat = $root.mygpt.Heartbeat.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 6: {
                        m.stepReport = $root.mygpt.StepReport.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 7: {
                        m.shutdown = $root.mygpt.Shutdown.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 8: {
                        m.done = $root.mygpt.Done.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 9: {
                        m.failure = $root.mygpt.Failure.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 10: {
                        m.chunk = $root.mygpt.ChunkHeader.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 11: {
                        m.abort = $root.mygpt.Abort.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 12: {
                        m.ringHello = $root.mygpt.RingHello.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 13: {
                        m.ringProof = $root.mygpt.RingProof.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 14: {
                        m.shmOffer = $root.mygpt.ShmOffer.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 15: {
                        m.shmAnswer = $root.mygpt.ShmAnswer.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 16: {
                        m.shmSlot = $root.mygpt.ShmSlot.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                default:
                    r.skipType(t & 7, n);
                    break;
                }
            }
            if (l !== undefined) {
                if (r.pos !== c)
                    throw RangeError("index out of range");
                r.len = l;
            }
            return m;
        };

        /**
         * Decodes an Envelope message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof mygpt.Envelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {mygpt.Envelope} Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Envelope.decodeDelimited = function decodeDelimited(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.uint32());
        };

        /**
         * Verifies an Envelope message.
         * @function verify
         * @memberof mygpt.Envelope
         * @static
         * @param {Object.<string,*>} m Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Envelope.verify = function verify(m, n) {
            if (typeof m !== "object" || m === null)
                return "object expected";
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                return "maximum nesting depth exceeded";
            var p = {};
            if (m.hello != null && Object.hasOwnProperty.call(m, "hello")) {
                p.body = 1;
                {
                    var e = $root.mygpt.Hello.verify(m.hello, n + 1);
                    if (e)
                        return "hello." + e;
                }
            }
            if (m.welcome != null && Object.hasOwnProperty.call(m, "welcome")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Welcome.verify(m.welcome, n + 1);
                    if (e)
                        return "welcome." + e;
                }
            }
            if (m.refuse != null && Object.hasOwnProperty.call(m, "refuse")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Refuse.verify(m.refuse, n + 1);
                    if (e)
                        return "refuse." + e;
                }
            }
            if (m.start != null && Object.hasOwnProperty.call(m, "start")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Start.verify(m.start, n + 1);
                    if (e)
                        return "start." + e;
                }
            }
            if (m.heartbeat != null && Object.hasOwnProperty.call(m, "heartbeat")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Heartbeat.verify(m.heartbeat, n + 1);
                    if (e)
                        return "heartbeat." + e;
                }
            }
            if (m.stepReport != null && Object.hasOwnProperty.call(m, "stepReport")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.StepReport.verify(m.stepReport, n + 1);
                    if (e)
                        return "stepReport." + e;
                }
            }
            if (m.shutdown != null && Object.hasOwnProperty.call(m, "shutdown")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Shutdown.verify(m.shutdown, n + 1);
                    if (e)
                        return "shutdown." + e;
                }
            }
            if (m.done != null && Object.hasOwnProperty.call(m, "done")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Done.verify(m.done, n + 1);
                    if (e)
                        return "done." + e;
                }
            }
            if (m.failure != null && Object.hasOwnProperty.call(m, "failure")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Failure.verify(m.failure, n + 1);
                    if (e)
                        return "failure." + e;
                }
            }
            if (m.chunk != null && Object.hasOwnProperty.call(m, "chunk")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.ChunkHeader.verify(m.chunk, n + 1);
                    if (e)
                        return "chunk." + e;
                }
            }
            if (m.abort != null && Object.hasOwnProperty.call(m, "abort")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.Abort.verify(m.abort, n + 1);
                    if (e)
                        return "abort." + e;
                }
            }
            if (m.ringHello != null && Object.hasOwnProperty.call(m, "ringHello")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.RingHello.verify(m.ringHello, n + 1);
                    if (e)
                        return "ringHello." + e;
                }
            }
            if (m.ringProof != null && Object.hasOwnProperty.call(m, "ringProof")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.RingProof.verify(m.ringProof, n + 1);
                    if (e)
                        return "ringProof." + e;
                }
            }
            if (m.shmOffer != null && Object.hasOwnProperty.call(m, "shmOffer")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.ShmOffer.verify(m.shmOffer, n + 1);
                    if (e)
                        return "shmOffer." + e;
                }
            }
            if (m.shmAnswer != null && Object.hasOwnProperty.call(m, "shmAnswer")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.ShmAnswer.verify(m.shmAnswer, n + 1);
                    if (e)
                        return "shmAnswer." + e;
                }
            }
            if (m.shmSlot != null && Object.hasOwnProperty.call(m, "shmSlot")) {
                if (p.body === 1)
                    return "body: multiple values";
                p.body = 1;
                {
                    var e = $root.mygpt.ShmSlot.verify(m.shmSlot, n + 1);
                    if (e)
                        return "shmSlot." + e;
                }
            }
            return null;
        };

        /**
         * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof mygpt.Envelope
         * @static
         * @param {Object.<string,*>} d Plain object
         * @returns {mygpt.Envelope} Envelope
         */
        Envelope.fromObject = function fromObject(d, n) {
            if (d instanceof $root.mygpt.Envelope)
                return d;
            if (!$util.isObject(d))
                throw TypeError(".mygpt.Envelope: object expected");
            if (n === undefined)
                n = 0;
            if (n > $util.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            var m = new $root.mygpt.Envelope();
            if (d.hello != null) {
                if (!$util.isObject(d.hello))
                    throw TypeError(".mygpt.Envelope.hello: object expected");
                m.hello = $root.mygpt.Hello.fromObject(d.hello, n + 1);
            }
            if (d.welcome != null) {
                if (!$util.isObject(d.welcome))
                    throw TypeError(".mygpt.Envelope.welcome: object expected");
                m.welcome = $root.mygpt.Welcome.fromObject(d.welcome, n + 1);
            }
            if (d.refuse != null) {
                if (!$util.isObject(d.refuse))
                    throw TypeError(".mygpt.Envelope.refuse: object expected");
                m.refuse = $root.mygpt.Refuse.fromObject(d.refuse, n + 1);
            }
            if (d.start != null) {
                if (!$util.isObject(d.start))
                    throw TypeError(".mygpt.Envelope.start: object expected");
                m.start = $root.mygpt.Start.fromObject(d.start, n + 1);
            }
            if (d.heartbeat != null) {
                if (!$util.isObject(d.heartbeat))
                    throw TypeError(".mygpt.Envelope.heartbeat: object expected");
                m.heartbeat = $root.mygpt.Heartbeat.fromObject(d.heartbeat, n + 1);
            }
            if (d.stepReport != null) {
                if (!$util.isObject(d.stepReport))
                    throw TypeError(".mygpt.Envelope.stepReport: object expected");
                m.stepReport = $root.mygpt.StepReport.fromObject(d.stepReport, n + 1);
            }
            if (d.shutdown != null) {
                if (!$util.isObject(d.shutdown))
                    throw TypeError(".mygpt.Envelope.shutdown: object expected");
                m.shutdown = $root.mygpt.Shutdown.fromObject(d.shutdown, n + 1);
            }
            if (d.done != null) {
                if (!$util.isObject(d.done))
                    throw TypeError(".mygpt.Envelope.done: object expected");
                m.done = $root.mygpt.Done.fromObject(d.done, n + 1);
            }
            if (d.failure != null) {
                if (!$util.isObject(d.failure))
                    throw TypeError(".mygpt.Envelope.failure: object expected");
                m.failure = $root.mygpt.Failure.fromObject(d.failure, n + 1);
            }
            if (d.chunk != null) {
                if (!$util.isObject(d.chunk))
                    throw TypeError(".mygpt.Envelope.chunk: object expected");
                m.chunk = $root.mygpt.ChunkHeader.fromObject(d.chunk, n + 1);
            }
            if (d.abort != null) {
                if (!$util.isObject(d.abort))
                    throw TypeError(".mygpt.Envelope.abort: object expected");
                m.abort = $root.mygpt.Abort.fromObject(d.abort, n + 1);
            }
            if (d.ringHello != null) {
                if (!$util.isObject(d.ringHello))
                    throw TypeError(".mygpt.Envelope.ringHello: object expected");
                m.ringHello = $root.mygpt.RingHello.fromObject(d.ringHello, n + 1);
            }
            if (d.ringProof != null) {
                if (!$util.isObject(d.ringProof))
                    throw TypeError(".mygpt.Envelope.ringProof: object expected");
                m.ringProof = $root.mygpt.RingProof.fromObject(d.ringProof, n + 1);
            }
            if (d.shmOffer != null) {
                if (!$util.isObject(d.shmOffer))
                    throw TypeError(".mygpt.Envelope.shmOffer: object expected");
                m.shmOffer = $root.mygpt.ShmOffer.fromObject(d.shmOffer, n + 1);
            }
            if (d.shmAnswer != null) {
                if (!$util.isObject(d.shmAnswer))
                    throw TypeError(".mygpt.Envelope.shmAnswer: object expected");
                m.shmAnswer = $root.mygpt.ShmAnswer.fromObject(d.shmAnswer, n + 1);
            }
            if (d.shmSlot != null) {
                if (!$util.isObject(d.shmSlot))
                    throw TypeError(".mygpt.Envelope.shmSlot: object expected");
                m.shmSlot = $root.mygpt.ShmSlot.fromObject(d.shmSlot, n + 1);
            }
            return m;
        };

        /**
         * Creates a plain object from an Envelope message. Also converts values to other types if specified.
         * @function toObject
         * @memberof mygpt.Envelope
         * @static
         * @param {mygpt.Envelope} m Envelope
         * @param {$protobuf.IConversionOptions} [o] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Envelope.toObject = function toObject(m, o, q) {
            if (!o)
                o = {};
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            var d = {};
            if (m.hello != null && Object.hasOwnProperty.call(m, "hello")) {
                d.hello = $root.mygpt.Hello.toObject(m.hello, o, q + 1);
                if (o.oneofs)
                    d.body = "hello";
            }
            if (m.welcome != null && Object.hasOwnProperty.call(m, "welcome")) {
                d.welcome = $root.mygpt.Welcome.toObject(m.welcome, o, q + 1);
                if (o.oneofs)
                    d.body = "welcome";
            }
            if (m.refuse != null && Object.hasOwnProperty.call(m, "refuse")) {
                d.refuse = $root.mygpt.Refuse.toObject(m.refuse, o, q + 1);
                if (o.oneofs)
                    d.body = "refuse";
            }
            if (m.start != null && Object.hasOwnProperty.call(m, "start")) {
                d.start = $root.mygpt.Start.toObject(m.start, o, q + 1);
                if (o.oneofs)
                    d.body = "start";
            }
            if (m.heartbeat != null && Object.hasOwnProperty.call(m, "heartbeat")) {
                d.heartbeat = $root.mygpt.Heartbeat.toObject(m.heartbeat, o, q + 1);
                if (o.oneofs)
                    d.body = "heartbeat";
            }
            if (m.stepReport != null && Object.hasOwnProperty.call(m, "stepReport")) {
                d.stepReport = $root.mygpt.StepReport.toObject(m.stepReport, o, q + 1);
                if (o.oneofs)
                    d.body = "stepReport";
            }
            if (m.shutdown != null && Object.hasOwnProperty.call(m, "shutdown")) {
                d.shutdown = $root.mygpt.Shutdown.toObject(m.shutdown, o, q + 1);
                if (o.oneofs)
                    d.body = "shutdown";
            }
            if (m.done != null && Object.hasOwnProperty.call(m, "done")) {
                d.done = $root.mygpt.Done.toObject(m.done, o, q + 1);
                if (o.oneofs)
                    d.body = "done";
            }
            if (m.failure != null && Object.hasOwnProperty.call(m, "failure")) {
                d.failure = $root.mygpt.Failure.toObject(m.failure, o, q + 1);
                if (o.oneofs)
                    d.body = "failure";
            }
            if (m.chunk != null && Object.hasOwnProperty.call(m, "chunk")) {
                d.chunk = $root.mygpt.ChunkHeader.toObject(m.chunk, o, q + 1);
                if (o.oneofs)
                    d.body = "chunk";
            }
            if (m.abort != null && Object.hasOwnProperty.call(m, "abort")) {
                d.abort = $root.mygpt.Abort.toObject(m.abort, o, q + 1);
                if (o.oneofs)
                    d.body = "abort";
            }
            if (m.ringHello != null && Object.hasOwnProperty.call(m, "ringHello")) {
                d.ringHello = $root.mygpt.RingHello.toObject(m.ringHello, o, q + 1);
                if (o.oneofs)
                    d.body = "ringHello";
            }
            if (m.ringProof != null && Object.hasOwnProperty.call(m, "ringProof")) {
                d.ringProof = $root.mygpt.RingProof.toObject(m.ringProof, o, q + 1);
                if (o.oneofs)
                    d.body = "ringProof";
            }
            if (m.shmOffer != null && Object.hasOwnProperty.call(m, "shmOffer")) {
                d.shmOffer = $root.mygpt.ShmOffer.toObject(m.shmOffer, o, q + 1);
                if (o.oneofs)
                    d.body = "shmOffer";
            }
            if (m.shmAnswer != null && Object.hasOwnProperty.call(m, "shmAnswer")) {
                d.shmAnswer = $root.mygpt.ShmAnswer.toObject(m.shmAnswer, o, q + 1);
                if (o.oneofs)
                    d.body = "shmAnswer";
            }
            if (m.shmSlot != null && Object.hasOwnProperty.call(m, "shmSlot")) {
                d.shmSlot = $root.mygpt.ShmSlot.toObject(m.shmSlot, o, q + 1);
                if (o.oneofs)
                    d.body = "shmSlot";
            }
            return d;
        };

        /**
         * Converts this Envelope to JSON.
         * @function toJSON
         * @memberof mygpt.Envelope
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Envelope.prototype.toJSON = function toJSON() {
            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the default type url for Envelope
         * @function getTypeUrl
         * @memberof mygpt.Envelope
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Envelope.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/mygpt.Envelope";
        };

        return Envelope;
    })();

    return mygpt;
})();

module.exports = $root;
