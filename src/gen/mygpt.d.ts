import * as $protobuf from "protobufjs";
import Long = require("long");
/** Namespace mygpt. */
export namespace mygpt {

    /** ProtocolVersion enum. */
    enum ProtocolVersion {
        PROTOCOL_VERSION_UNSPECIFIED = 0,
        PROTOCOL_VERSION_CURRENT = 2
    }

    /** WorkerState enum. */
    enum WorkerState {
        WORKER_STATE_UNSPECIFIED = 0,
        PENDING = 1,
        READY = 2,
        TRAINING = 3,
        DONE = 4,
        FAILED = 5,
        STOPPED = 6
    }

    /** WireDtype enum. */
    enum WireDtype {
        WIRE_DTYPE_FP32 = 0,
        WIRE_DTYPE_BF16 = 1
    }

    /** Phase enum. */
    enum Phase {
        PHASE_UNSPECIFIED = 0,
        REDUCE_SCATTER = 1,
        ALL_GATHER = 2,
        BROADCAST = 3
    }

    /** Properties of a Hello. */
    interface IHello {

        /** Hello protocolVersion */
        protocolVersion?: (number|null);

        /** Hello host */
        host?: (string|null);

        /** Hello pid */
        pid?: (number|null);

        /** Hello requestedRank */
        requestedRank?: (number|null);

        /** Hello device */
        device?: (string|null);

        /** Hello backend */
        backend?: (string|null);

        /** Hello configHash */
        configHash?: (string|null);

        /** Hello ringAddress */
        ringAddress?: (string|null);

        /** Hello metricsAddress */
        metricsAddress?: (string|null);

        /** Hello nativeKernels */
        nativeKernels?: (string|null);

        /** Hello ringPublicKey */
        ringPublicKey?: (string|null);

        /** Hello launchToken */
        launchToken?: (string|null);

        /** Hello ringTransport */
        ringTransport?: (string|null);

        /** Hello expectedWorldSize */
        expectedWorldSize?: (number|null);

        /** Hello state */
        state?: (mygpt.IStateInfo|null);

        /** Hello lastReport */
        lastReport?: (mygpt.IStepReport|null);
    }

    /** Represents a Hello. */
    class Hello implements IHello {

        /**
         * Constructs a new Hello.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IHello);

        /** Hello protocolVersion. */
        public protocolVersion: number;

        /** Hello host. */
        public host: string;

        /** Hello pid. */
        public pid: number;

        /** Hello requestedRank. */
        public requestedRank: number;

        /** Hello device. */
        public device: string;

        /** Hello backend. */
        public backend: string;

        /** Hello configHash. */
        public configHash: string;

        /** Hello ringAddress. */
        public ringAddress: string;

        /** Hello metricsAddress. */
        public metricsAddress: string;

        /** Hello nativeKernels. */
        public nativeKernels: string;

        /** Hello ringPublicKey. */
        public ringPublicKey: string;

        /** Hello launchToken. */
        public launchToken: string;

        /** Hello ringTransport. */
        public ringTransport: string;

        /** Hello expectedWorldSize. */
        public expectedWorldSize: number;

        /** Hello state. */
        public state?: (mygpt.IStateInfo|null);

        /** Hello lastReport. */
        public lastReport?: (mygpt.IStepReport|null);

        /**
         * Creates a new Hello instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Hello instance
         */
        public static create(properties?: mygpt.IHello): mygpt.Hello;

        /**
         * Encodes the specified Hello message. Does not implicitly {@link mygpt.Hello.verify|verify} messages.
         * @param m Hello message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IHello, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Hello message, length delimited. Does not implicitly {@link mygpt.Hello.verify|verify} messages.
         * @param message Hello message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IHello, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Hello message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Hello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Hello;

        /**
         * Decodes a Hello message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Hello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Hello;

        /**
         * Verifies a Hello message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Hello message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Hello
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Hello;

        /**
         * Creates a plain object from a Hello message. Also converts values to other types if specified.
         * @param m Hello
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Hello, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Hello to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Hello
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a StateInfo. */
    interface IStateInfo {

        /** StateInfo step */
        step?: (number|null);

        /** StateInfo checksum */
        checksum?: (string|null);

        /** StateInfo bytes */
        bytes?: (number|null);

        /** StateInfo generation */
        generation?: (number|null);
    }

    /** Represents a StateInfo. */
    class StateInfo implements IStateInfo {

        /**
         * Constructs a new StateInfo.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IStateInfo);

        /** StateInfo step. */
        public step: number;

        /** StateInfo checksum. */
        public checksum: string;

        /** StateInfo bytes. */
        public bytes: number;

        /** StateInfo generation. */
        public generation: number;

        /**
         * Creates a new StateInfo instance using the specified properties.
         * @param [properties] Properties to set
         * @returns StateInfo instance
         */
        public static create(properties?: mygpt.IStateInfo): mygpt.StateInfo;

        /**
         * Encodes the specified StateInfo message. Does not implicitly {@link mygpt.StateInfo.verify|verify} messages.
         * @param m StateInfo message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IStateInfo, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified StateInfo message, length delimited. Does not implicitly {@link mygpt.StateInfo.verify|verify} messages.
         * @param message StateInfo message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IStateInfo, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a StateInfo message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns StateInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.StateInfo;

        /**
         * Decodes a StateInfo message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns StateInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.StateInfo;

        /**
         * Verifies a StateInfo message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a StateInfo message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns StateInfo
         */
        public static fromObject(d: { [k: string]: any }): mygpt.StateInfo;

        /**
         * Creates a plain object from a StateInfo message. Also converts values to other types if specified.
         * @param m StateInfo
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.StateInfo, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this StateInfo to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for StateInfo
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Welcome. */
    interface IWelcome {

        /** Welcome rank */
        rank?: (number|null);

        /** Welcome worldSize */
        worldSize?: (number|null);

        /** Welcome ringAddresses */
        ringAddresses?: (string[]|null);

        /** Welcome startStep */
        startStep?: (number|null);

        /** Welcome checkpointPath */
        checkpointPath?: (string|null);

        /** Welcome generation */
        generation?: (number|null);

        /** Welcome ringPublicKeys */
        ringPublicKeys?: (string[]|null);

        /** Welcome ringSecret */
        ringSecret?: (Uint8Array|null);

        /** Welcome donor */
        donor?: (number|null);

        /** Welcome transfer */
        transfer?: (boolean|null);

        /** Welcome state */
        state?: (mygpt.IStateInfo|null);

        /** Welcome slot */
        slot?: (number|null);

        /** Welcome configuredWorldSize */
        configuredWorldSize?: (number|null);
    }

    /** Represents a Welcome. */
    class Welcome implements IWelcome {

        /**
         * Constructs a new Welcome.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IWelcome);

        /** Welcome rank. */
        public rank: number;

        /** Welcome worldSize. */
        public worldSize: number;

        /** Welcome ringAddresses. */
        public ringAddresses: string[];

        /** Welcome startStep. */
        public startStep: number;

        /** Welcome checkpointPath. */
        public checkpointPath: string;

        /** Welcome generation. */
        public generation: number;

        /** Welcome ringPublicKeys. */
        public ringPublicKeys: string[];

        /** Welcome ringSecret. */
        public ringSecret: Uint8Array;

        /** Welcome donor. */
        public donor: number;

        /** Welcome transfer. */
        public transfer: boolean;

        /** Welcome state. */
        public state?: (mygpt.IStateInfo|null);

        /** Welcome slot. */
        public slot: number;

        /** Welcome configuredWorldSize. */
        public configuredWorldSize: number;

        /**
         * Creates a new Welcome instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Welcome instance
         */
        public static create(properties?: mygpt.IWelcome): mygpt.Welcome;

        /**
         * Encodes the specified Welcome message. Does not implicitly {@link mygpt.Welcome.verify|verify} messages.
         * @param m Welcome message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IWelcome, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Welcome message, length delimited. Does not implicitly {@link mygpt.Welcome.verify|verify} messages.
         * @param message Welcome message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IWelcome, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Welcome message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Welcome
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Welcome;

        /**
         * Decodes a Welcome message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Welcome
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Welcome;

        /**
         * Verifies a Welcome message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Welcome message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Welcome
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Welcome;

        /**
         * Creates a plain object from a Welcome message. Also converts values to other types if specified.
         * @param m Welcome
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Welcome, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Welcome to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Welcome
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** RefuseReason enum. */
    enum RefuseReason {
        REFUSE_REASON_UNSPECIFIED = 0,
        REFUSE_PROTOCOL_MISMATCH = 1,
        REFUSE_CONFIG_MISMATCH = 2,
        REFUSE_RANK_OUT_OF_RANGE = 3,
        REFUSE_RANK_TAKEN = 4,
        REFUSE_BAD_LAUNCH_TOKEN = 5,
        REFUSE_GANG_FULL = 6,
        REFUSE_KEY_MISMATCH = 7,
        REFUSE_NOT_ACCEPTING = 8
    }

    /** Properties of a Refuse. */
    interface IRefuse {

        /** Refuse reason */
        reason?: (string|null);

        /** Refuse code */
        code?: (mygpt.RefuseReason|null);
    }

    /** Represents a Refuse. */
    class Refuse implements IRefuse {

        /**
         * Constructs a new Refuse.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IRefuse);

        /** Refuse reason. */
        public reason: string;

        /** Refuse code. */
        public code: mygpt.RefuseReason;

        /**
         * Creates a new Refuse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Refuse instance
         */
        public static create(properties?: mygpt.IRefuse): mygpt.Refuse;

        /**
         * Encodes the specified Refuse message. Does not implicitly {@link mygpt.Refuse.verify|verify} messages.
         * @param m Refuse message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IRefuse, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Refuse message, length delimited. Does not implicitly {@link mygpt.Refuse.verify|verify} messages.
         * @param message Refuse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IRefuse, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Refuse message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Refuse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Refuse;

        /**
         * Decodes a Refuse message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Refuse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Refuse;

        /**
         * Verifies a Refuse message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Refuse message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Refuse
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Refuse;

        /**
         * Creates a plain object from a Refuse message. Also converts values to other types if specified.
         * @param m Refuse
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Refuse, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Refuse to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Refuse
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Start. */
    interface IStart {

        /** Start startStep */
        startStep?: (number|null);

        /** Start generation */
        generation?: (number|null);
    }

    /** Represents a Start. */
    class Start implements IStart {

        /**
         * Constructs a new Start.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IStart);

        /** Start startStep. */
        public startStep: number;

        /** Start generation. */
        public generation: number;

        /**
         * Creates a new Start instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Start instance
         */
        public static create(properties?: mygpt.IStart): mygpt.Start;

        /**
         * Encodes the specified Start message. Does not implicitly {@link mygpt.Start.verify|verify} messages.
         * @param m Start message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IStart, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Start message, length delimited. Does not implicitly {@link mygpt.Start.verify|verify} messages.
         * @param message Start message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IStart, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Start message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Start
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Start;

        /**
         * Decodes a Start message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Start
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Start;

        /**
         * Verifies a Start message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Start message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Start
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Start;

        /**
         * Creates a plain object from a Start message. Also converts values to other types if specified.
         * @param m Start
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Start, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Start to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Start
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Heartbeat. */
    interface IHeartbeat {

        /** Heartbeat rank */
        rank?: (number|null);

        /** Heartbeat step */
        step?: (number|null);

        /** Heartbeat unixMs */
        unixMs?: (number|null);

        /** Heartbeat generation */
        generation?: (number|null);
    }

    /** Represents a Heartbeat. */
    class Heartbeat implements IHeartbeat {

        /**
         * Constructs a new Heartbeat.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IHeartbeat);

        /** Heartbeat rank. */
        public rank: number;

        /** Heartbeat step. */
        public step: number;

        /** Heartbeat unixMs. */
        public unixMs: number;

        /** Heartbeat generation. */
        public generation: number;

        /**
         * Creates a new Heartbeat instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Heartbeat instance
         */
        public static create(properties?: mygpt.IHeartbeat): mygpt.Heartbeat;

        /**
         * Encodes the specified Heartbeat message. Does not implicitly {@link mygpt.Heartbeat.verify|verify} messages.
         * @param m Heartbeat message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IHeartbeat, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Heartbeat message, length delimited. Does not implicitly {@link mygpt.Heartbeat.verify|verify} messages.
         * @param message Heartbeat message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IHeartbeat, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Heartbeat message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Heartbeat
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Heartbeat;

        /**
         * Decodes a Heartbeat message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Heartbeat
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Heartbeat;

        /**
         * Verifies a Heartbeat message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Heartbeat message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Heartbeat
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Heartbeat;

        /**
         * Creates a plain object from a Heartbeat message. Also converts values to other types if specified.
         * @param m Heartbeat
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Heartbeat, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Heartbeat to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Heartbeat
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a StepReport. */
    interface IStepReport {

        /** StepReport rank */
        rank?: (number|null);

        /** StepReport step */
        step?: (number|null);

        /** StepReport loss */
        loss?: (number|null);

        /** StepReport valLoss */
        valLoss?: (number|null);

        /** StepReport lr */
        lr?: (number|null);

        /** StepReport computeS */
        computeS?: (number|null);

        /** StepReport waitS */
        waitS?: (number|null);

        /** StepReport stepS */
        stepS?: (number|null);

        /** StepReport tokens */
        tokens?: (number|null);

        /** StepReport allreduceBytes */
        allreduceBytes?: (number|null);

        /** StepReport weightsChecksum */
        weightsChecksum?: (string|null);

        /** StepReport checkpointPath */
        checkpointPath?: (string|null);

        /** StepReport gradNorm */
        gradNorm?: (number|null);

        /** StepReport exposedCommS */
        exposedCommS?: (number|null);

        /** StepReport overheadS */
        overheadS?: (number|null);

        /** StepReport nonfinite */
        nonfinite?: (boolean|null);

        /** StepReport nonfiniteSkips */
        nonfiniteSkips?: (number|null);

        /** StepReport stateChecksum */
        stateChecksum?: (string|null);

        /** StepReport stateTransferS */
        stateTransferS?: (number|null);
    }

    /** Represents a StepReport. */
    class StepReport implements IStepReport {

        /**
         * Constructs a new StepReport.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IStepReport);

        /** StepReport rank. */
        public rank: number;

        /** StepReport step. */
        public step: number;

        /** StepReport loss. */
        public loss: number;

        /** StepReport valLoss. */
        public valLoss: number;

        /** StepReport lr. */
        public lr: number;

        /** StepReport computeS. */
        public computeS: number;

        /** StepReport waitS. */
        public waitS: number;

        /** StepReport stepS. */
        public stepS: number;

        /** StepReport tokens. */
        public tokens: number;

        /** StepReport allreduceBytes. */
        public allreduceBytes: number;

        /** StepReport weightsChecksum. */
        public weightsChecksum: string;

        /** StepReport checkpointPath. */
        public checkpointPath: string;

        /** StepReport gradNorm. */
        public gradNorm: number;

        /** StepReport exposedCommS. */
        public exposedCommS: number;

        /** StepReport overheadS. */
        public overheadS: number;

        /** StepReport nonfinite. */
        public nonfinite: boolean;

        /** StepReport nonfiniteSkips. */
        public nonfiniteSkips: number;

        /** StepReport stateChecksum. */
        public stateChecksum: string;

        /** StepReport stateTransferS. */
        public stateTransferS: number;

        /**
         * Creates a new StepReport instance using the specified properties.
         * @param [properties] Properties to set
         * @returns StepReport instance
         */
        public static create(properties?: mygpt.IStepReport): mygpt.StepReport;

        /**
         * Encodes the specified StepReport message. Does not implicitly {@link mygpt.StepReport.verify|verify} messages.
         * @param m StepReport message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IStepReport, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified StepReport message, length delimited. Does not implicitly {@link mygpt.StepReport.verify|verify} messages.
         * @param message StepReport message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IStepReport, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a StepReport message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns StepReport
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.StepReport;

        /**
         * Decodes a StepReport message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns StepReport
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.StepReport;

        /**
         * Verifies a StepReport message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a StepReport message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns StepReport
         */
        public static fromObject(d: { [k: string]: any }): mygpt.StepReport;

        /**
         * Creates a plain object from a StepReport message. Also converts values to other types if specified.
         * @param m StepReport
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.StepReport, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this StepReport to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for StepReport
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Shutdown. */
    interface IShutdown {

        /** Shutdown reason */
        reason?: (string|null);

        /** Shutdown checkpoint */
        checkpoint?: (boolean|null);

        /** Shutdown restart */
        restart?: (boolean|null);

        /** Shutdown generation */
        generation?: (number|null);
    }

    /** Represents a Shutdown. */
    class Shutdown implements IShutdown {

        /**
         * Constructs a new Shutdown.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IShutdown);

        /** Shutdown reason. */
        public reason: string;

        /** Shutdown checkpoint. */
        public checkpoint: boolean;

        /** Shutdown restart. */
        public restart: boolean;

        /** Shutdown generation. */
        public generation: number;

        /**
         * Creates a new Shutdown instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Shutdown instance
         */
        public static create(properties?: mygpt.IShutdown): mygpt.Shutdown;

        /**
         * Encodes the specified Shutdown message. Does not implicitly {@link mygpt.Shutdown.verify|verify} messages.
         * @param m Shutdown message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IShutdown, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Shutdown message, length delimited. Does not implicitly {@link mygpt.Shutdown.verify|verify} messages.
         * @param message Shutdown message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IShutdown, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Shutdown message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Shutdown
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Shutdown;

        /**
         * Decodes a Shutdown message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Shutdown
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Shutdown;

        /**
         * Verifies a Shutdown message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Shutdown message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Shutdown
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Shutdown;

        /**
         * Creates a plain object from a Shutdown message. Also converts values to other types if specified.
         * @param m Shutdown
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Shutdown, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Shutdown to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Shutdown
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Done. */
    interface IDone {

        /** Done rank */
        rank?: (number|null);

        /** Done step */
        step?: (number|null);

        /** Done finalValLoss */
        finalValLoss?: (number|null);

        /** Done checkpointPath */
        checkpointPath?: (string|null);

        /** Done weightsChecksum */
        weightsChecksum?: (string|null);

        /** Done sample */
        sample?: (string|null);
    }

    /** Represents a Done. */
    class Done implements IDone {

        /**
         * Constructs a new Done.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IDone);

        /** Done rank. */
        public rank: number;

        /** Done step. */
        public step: number;

        /** Done finalValLoss. */
        public finalValLoss: number;

        /** Done checkpointPath. */
        public checkpointPath: string;

        /** Done weightsChecksum. */
        public weightsChecksum: string;

        /** Done sample. */
        public sample: string;

        /**
         * Creates a new Done instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Done instance
         */
        public static create(properties?: mygpt.IDone): mygpt.Done;

        /**
         * Encodes the specified Done message. Does not implicitly {@link mygpt.Done.verify|verify} messages.
         * @param m Done message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IDone, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Done message, length delimited. Does not implicitly {@link mygpt.Done.verify|verify} messages.
         * @param message Done message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IDone, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Done message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Done
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Done;

        /**
         * Decodes a Done message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Done
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Done;

        /**
         * Verifies a Done message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Done message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Done
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Done;

        /**
         * Creates a plain object from a Done message. Also converts values to other types if specified.
         * @param m Done
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Done, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Done to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Done
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** FailureReason enum. */
    enum FailureReason {
        FAILURE_REASON_UNSPECIFIED = 0,
        FAILURE_INTERNAL = 1,
        FAILURE_PEER_LOST = 2,
        FAILURE_PEER_TIMEOUT = 3,
        FAILURE_PEER_PROTOCOL = 4,
        FAILURE_NON_FINITE = 5,
        FAILURE_CONFIG = 6,
        FAILURE_CHECKPOINT = 7,
        FAILURE_PREEMPTED = 8
    }

    /** Properties of a Failure. */
    interface IFailure {

        /** Failure rank */
        rank?: (number|null);

        /** Failure step */
        step?: (number|null);

        /** Failure error */
        error?: (string|null);

        /** Failure failedRank */
        failedRank?: (number|null);

        /** Failure reason */
        reason?: (mygpt.FailureReason|null);
    }

    /** Represents a Failure. */
    class Failure implements IFailure {

        /**
         * Constructs a new Failure.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IFailure);

        /** Failure rank. */
        public rank: number;

        /** Failure step. */
        public step: number;

        /** Failure error. */
        public error: string;

        /** Failure failedRank. */
        public failedRank: number;

        /** Failure reason. */
        public reason: mygpt.FailureReason;

        /**
         * Creates a new Failure instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Failure instance
         */
        public static create(properties?: mygpt.IFailure): mygpt.Failure;

        /**
         * Encodes the specified Failure message. Does not implicitly {@link mygpt.Failure.verify|verify} messages.
         * @param m Failure message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IFailure, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Failure message, length delimited. Does not implicitly {@link mygpt.Failure.verify|verify} messages.
         * @param message Failure message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IFailure, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Failure message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Failure
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Failure;

        /**
         * Decodes a Failure message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Failure
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Failure;

        /**
         * Verifies a Failure message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a Failure message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Failure
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Failure;

        /**
         * Creates a plain object from a Failure message. Also converts values to other types if specified.
         * @param m Failure
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Failure, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Failure to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Failure
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a ChunkHeader. */
    interface IChunkHeader {

        /** ChunkHeader srcRank */
        srcRank?: (number|null);

        /** ChunkHeader step */
        step?: (number|null);

        /** ChunkHeader phase */
        phase?: (mygpt.Phase|null);

        /** ChunkHeader ringStep */
        ringStep?: (number|null);

        /** ChunkHeader chunkIndex */
        chunkIndex?: (number|null);

        /** ChunkHeader offset */
        offset?: (number|null);

        /** ChunkHeader count */
        count?: (number|null);

        /** ChunkHeader dtype */
        dtype?: (mygpt.WireDtype|null);

        /** ChunkHeader totalLength */
        totalLength?: (number|null);

        /** ChunkHeader generation */
        generation?: (number|null);
    }

    /** Represents a ChunkHeader. */
    class ChunkHeader implements IChunkHeader {

        /**
         * Constructs a new ChunkHeader.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IChunkHeader);

        /** ChunkHeader srcRank. */
        public srcRank: number;

        /** ChunkHeader step. */
        public step: number;

        /** ChunkHeader phase. */
        public phase: mygpt.Phase;

        /** ChunkHeader ringStep. */
        public ringStep: number;

        /** ChunkHeader chunkIndex. */
        public chunkIndex: number;

        /** ChunkHeader offset. */
        public offset: number;

        /** ChunkHeader count. */
        public count: number;

        /** ChunkHeader dtype. */
        public dtype: mygpt.WireDtype;

        /** ChunkHeader totalLength. */
        public totalLength: number;

        /** ChunkHeader generation. */
        public generation: number;

        /**
         * Creates a new ChunkHeader instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ChunkHeader instance
         */
        public static create(properties?: mygpt.IChunkHeader): mygpt.ChunkHeader;

        /**
         * Encodes the specified ChunkHeader message. Does not implicitly {@link mygpt.ChunkHeader.verify|verify} messages.
         * @param m ChunkHeader message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IChunkHeader, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified ChunkHeader message, length delimited. Does not implicitly {@link mygpt.ChunkHeader.verify|verify} messages.
         * @param message ChunkHeader message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IChunkHeader, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ChunkHeader message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns ChunkHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.ChunkHeader;

        /**
         * Decodes a ChunkHeader message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns ChunkHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.ChunkHeader;

        /**
         * Verifies a ChunkHeader message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a ChunkHeader message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns ChunkHeader
         */
        public static fromObject(d: { [k: string]: any }): mygpt.ChunkHeader;

        /**
         * Creates a plain object from a ChunkHeader message. Also converts values to other types if specified.
         * @param m ChunkHeader
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.ChunkHeader, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ChunkHeader to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for ChunkHeader
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of an Abort. */
    interface IAbort {

        /** Abort srcRank */
        srcRank?: (number|null);

        /** Abort failedRank */
        failedRank?: (number|null);

        /** Abort step */
        step?: (number|null);

        /** Abort generation */
        generation?: (number|null);

        /** Abort reason */
        reason?: (string|null);
    }

    /** Represents an Abort. */
    class Abort implements IAbort {

        /**
         * Constructs a new Abort.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IAbort);

        /** Abort srcRank. */
        public srcRank: number;

        /** Abort failedRank. */
        public failedRank: number;

        /** Abort step. */
        public step: number;

        /** Abort generation. */
        public generation: number;

        /** Abort reason. */
        public reason: string;

        /**
         * Creates a new Abort instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Abort instance
         */
        public static create(properties?: mygpt.IAbort): mygpt.Abort;

        /**
         * Encodes the specified Abort message. Does not implicitly {@link mygpt.Abort.verify|verify} messages.
         * @param m Abort message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IAbort, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Abort message, length delimited. Does not implicitly {@link mygpt.Abort.verify|verify} messages.
         * @param message Abort message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IAbort, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Abort message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Abort
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Abort;

        /**
         * Decodes an Abort message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Abort
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Abort;

        /**
         * Verifies an Abort message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates an Abort message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Abort
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Abort;

        /**
         * Creates a plain object from an Abort message. Also converts values to other types if specified.
         * @param m Abort
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Abort, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Abort to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Abort
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** RingRole enum. */
    enum RingRole {
        RING_ROLE_UNSPECIFIED = 0,
        RING_ROLE_DIALER = 1,
        RING_ROLE_ACCEPTER = 2
    }

    /** Properties of a RingHello. */
    interface IRingHello {

        /** RingHello version */
        version?: (number|null);

        /** RingHello role */
        role?: (mygpt.RingRole|null);

        /** RingHello generation */
        generation?: (number|null);

        /** RingHello rank */
        rank?: (number|null);

        /** RingHello nonce */
        nonce?: (Uint8Array|null);
    }

    /** Represents a RingHello. */
    class RingHello implements IRingHello {

        /**
         * Constructs a new RingHello.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IRingHello);

        /** RingHello version. */
        public version: number;

        /** RingHello role. */
        public role: mygpt.RingRole;

        /** RingHello generation. */
        public generation: number;

        /** RingHello rank. */
        public rank: number;

        /** RingHello nonce. */
        public nonce: Uint8Array;

        /**
         * Creates a new RingHello instance using the specified properties.
         * @param [properties] Properties to set
         * @returns RingHello instance
         */
        public static create(properties?: mygpt.IRingHello): mygpt.RingHello;

        /**
         * Encodes the specified RingHello message. Does not implicitly {@link mygpt.RingHello.verify|verify} messages.
         * @param m RingHello message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IRingHello, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified RingHello message, length delimited. Does not implicitly {@link mygpt.RingHello.verify|verify} messages.
         * @param message RingHello message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IRingHello, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a RingHello message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns RingHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.RingHello;

        /**
         * Decodes a RingHello message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns RingHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.RingHello;

        /**
         * Verifies a RingHello message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a RingHello message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns RingHello
         */
        public static fromObject(d: { [k: string]: any }): mygpt.RingHello;

        /**
         * Creates a plain object from a RingHello message. Also converts values to other types if specified.
         * @param m RingHello
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.RingHello, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this RingHello to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for RingHello
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a RingProof. */
    interface IRingProof {

        /** RingProof mac */
        mac?: (Uint8Array|null);
    }

    /** Represents a RingProof. */
    class RingProof implements IRingProof {

        /**
         * Constructs a new RingProof.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IRingProof);

        /** RingProof mac. */
        public mac: Uint8Array;

        /**
         * Creates a new RingProof instance using the specified properties.
         * @param [properties] Properties to set
         * @returns RingProof instance
         */
        public static create(properties?: mygpt.IRingProof): mygpt.RingProof;

        /**
         * Encodes the specified RingProof message. Does not implicitly {@link mygpt.RingProof.verify|verify} messages.
         * @param m RingProof message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IRingProof, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified RingProof message, length delimited. Does not implicitly {@link mygpt.RingProof.verify|verify} messages.
         * @param message RingProof message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IRingProof, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a RingProof message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns RingProof
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.RingProof;

        /**
         * Decodes a RingProof message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns RingProof
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.RingProof;

        /**
         * Verifies a RingProof message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a RingProof message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns RingProof
         */
        public static fromObject(d: { [k: string]: any }): mygpt.RingProof;

        /**
         * Creates a plain object from a RingProof message. Also converts values to other types if specified.
         * @param m RingProof
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.RingProof, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this RingProof to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for RingProof
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a ShmOffer. */
    interface IShmOffer {

        /** ShmOffer pid */
        pid?: (number|null);

        /** ShmOffer fd */
        fd?: (number|null);

        /** ShmOffer slotBytes */
        slotBytes?: (number|null);

        /** ShmOffer slots */
        slots?: (number|null);

        /** ShmOffer token */
        token?: (Uint8Array|null);
    }

    /** Represents a ShmOffer. */
    class ShmOffer implements IShmOffer {

        /**
         * Constructs a new ShmOffer.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IShmOffer);

        /** ShmOffer pid. */
        public pid: number;

        /** ShmOffer fd. */
        public fd: number;

        /** ShmOffer slotBytes. */
        public slotBytes: number;

        /** ShmOffer slots. */
        public slots: number;

        /** ShmOffer token. */
        public token: Uint8Array;

        /**
         * Creates a new ShmOffer instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ShmOffer instance
         */
        public static create(properties?: mygpt.IShmOffer): mygpt.ShmOffer;

        /**
         * Encodes the specified ShmOffer message. Does not implicitly {@link mygpt.ShmOffer.verify|verify} messages.
         * @param m ShmOffer message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IShmOffer, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified ShmOffer message, length delimited. Does not implicitly {@link mygpt.ShmOffer.verify|verify} messages.
         * @param message ShmOffer message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IShmOffer, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ShmOffer message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns ShmOffer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.ShmOffer;

        /**
         * Decodes a ShmOffer message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns ShmOffer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.ShmOffer;

        /**
         * Verifies a ShmOffer message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a ShmOffer message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns ShmOffer
         */
        public static fromObject(d: { [k: string]: any }): mygpt.ShmOffer;

        /**
         * Creates a plain object from a ShmOffer message. Also converts values to other types if specified.
         * @param m ShmOffer
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.ShmOffer, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ShmOffer to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for ShmOffer
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a ShmAnswer. */
    interface IShmAnswer {

        /** ShmAnswer mapped */
        mapped?: (boolean|null);

        /** ShmAnswer why */
        why?: (string|null);

        /** ShmAnswer pid */
        pid?: (number|null);

        /** ShmAnswer fd */
        fd?: (number|null);

        /** ShmAnswer token */
        token?: (Uint8Array|null);
    }

    /** Represents a ShmAnswer. */
    class ShmAnswer implements IShmAnswer {

        /**
         * Constructs a new ShmAnswer.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IShmAnswer);

        /** ShmAnswer mapped. */
        public mapped: boolean;

        /** ShmAnswer why. */
        public why: string;

        /** ShmAnswer pid. */
        public pid: number;

        /** ShmAnswer fd. */
        public fd: number;

        /** ShmAnswer token. */
        public token: Uint8Array;

        /**
         * Creates a new ShmAnswer instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ShmAnswer instance
         */
        public static create(properties?: mygpt.IShmAnswer): mygpt.ShmAnswer;

        /**
         * Encodes the specified ShmAnswer message. Does not implicitly {@link mygpt.ShmAnswer.verify|verify} messages.
         * @param m ShmAnswer message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IShmAnswer, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified ShmAnswer message, length delimited. Does not implicitly {@link mygpt.ShmAnswer.verify|verify} messages.
         * @param message ShmAnswer message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IShmAnswer, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ShmAnswer message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns ShmAnswer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.ShmAnswer;

        /**
         * Decodes a ShmAnswer message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns ShmAnswer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.ShmAnswer;

        /**
         * Verifies a ShmAnswer message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a ShmAnswer message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns ShmAnswer
         */
        public static fromObject(d: { [k: string]: any }): mygpt.ShmAnswer;

        /**
         * Creates a plain object from a ShmAnswer message. Also converts values to other types if specified.
         * @param m ShmAnswer
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.ShmAnswer, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ShmAnswer to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for ShmAnswer
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a ShmSlot. */
    interface IShmSlot {

        /** ShmSlot slot */
        slot?: (number|null);

        /** ShmSlot bytes */
        bytes?: (number|null);

        /** ShmSlot seq */
        seq?: (number|null);
    }

    /** Represents a ShmSlot. */
    class ShmSlot implements IShmSlot {

        /**
         * Constructs a new ShmSlot.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IShmSlot);

        /** ShmSlot slot. */
        public slot: number;

        /** ShmSlot bytes. */
        public bytes: number;

        /** ShmSlot seq. */
        public seq: number;

        /**
         * Creates a new ShmSlot instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ShmSlot instance
         */
        public static create(properties?: mygpt.IShmSlot): mygpt.ShmSlot;

        /**
         * Encodes the specified ShmSlot message. Does not implicitly {@link mygpt.ShmSlot.verify|verify} messages.
         * @param m ShmSlot message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IShmSlot, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified ShmSlot message, length delimited. Does not implicitly {@link mygpt.ShmSlot.verify|verify} messages.
         * @param message ShmSlot message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IShmSlot, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ShmSlot message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns ShmSlot
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.ShmSlot;

        /**
         * Decodes a ShmSlot message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns ShmSlot
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.ShmSlot;

        /**
         * Verifies a ShmSlot message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates a ShmSlot message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns ShmSlot
         */
        public static fromObject(d: { [k: string]: any }): mygpt.ShmSlot;

        /**
         * Creates a plain object from a ShmSlot message. Also converts values to other types if specified.
         * @param m ShmSlot
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.ShmSlot, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ShmSlot to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for ShmSlot
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of an Envelope. */
    interface IEnvelope {

        /** Envelope hello */
        hello?: (mygpt.IHello|null);

        /** Envelope welcome */
        welcome?: (mygpt.IWelcome|null);

        /** Envelope refuse */
        refuse?: (mygpt.IRefuse|null);

        /** Envelope start */
        start?: (mygpt.IStart|null);

        /** Envelope heartbeat */
        heartbeat?: (mygpt.IHeartbeat|null);

        /** Envelope stepReport */
        stepReport?: (mygpt.IStepReport|null);

        /** Envelope shutdown */
        shutdown?: (mygpt.IShutdown|null);

        /** Envelope done */
        done?: (mygpt.IDone|null);

        /** Envelope failure */
        failure?: (mygpt.IFailure|null);

        /** Envelope chunk */
        chunk?: (mygpt.IChunkHeader|null);

        /** Envelope abort */
        abort?: (mygpt.IAbort|null);

        /** Envelope ringHello */
        ringHello?: (mygpt.IRingHello|null);

        /** Envelope ringProof */
        ringProof?: (mygpt.IRingProof|null);

        /** Envelope shmOffer */
        shmOffer?: (mygpt.IShmOffer|null);

        /** Envelope shmAnswer */
        shmAnswer?: (mygpt.IShmAnswer|null);

        /** Envelope shmSlot */
        shmSlot?: (mygpt.IShmSlot|null);
    }

    /** Represents an Envelope. */
    class Envelope implements IEnvelope {

        /**
         * Constructs a new Envelope.
         * @param [p] Properties to set
         */
        constructor(p?: mygpt.IEnvelope);

        /** Envelope hello. */
        public hello?: (mygpt.IHello|null);

        /** Envelope welcome. */
        public welcome?: (mygpt.IWelcome|null);

        /** Envelope refuse. */
        public refuse?: (mygpt.IRefuse|null);

        /** Envelope start. */
        public start?: (mygpt.IStart|null);

        /** Envelope heartbeat. */
        public heartbeat?: (mygpt.IHeartbeat|null);

        /** Envelope stepReport. */
        public stepReport?: (mygpt.IStepReport|null);

        /** Envelope shutdown. */
        public shutdown?: (mygpt.IShutdown|null);

        /** Envelope done. */
        public done?: (mygpt.IDone|null);

        /** Envelope failure. */
        public failure?: (mygpt.IFailure|null);

        /** Envelope chunk. */
        public chunk?: (mygpt.IChunkHeader|null);

        /** Envelope abort. */
        public abort?: (mygpt.IAbort|null);

        /** Envelope ringHello. */
        public ringHello?: (mygpt.IRingHello|null);

        /** Envelope ringProof. */
        public ringProof?: (mygpt.IRingProof|null);

        /** Envelope shmOffer. */
        public shmOffer?: (mygpt.IShmOffer|null);

        /** Envelope shmAnswer. */
        public shmAnswer?: (mygpt.IShmAnswer|null);

        /** Envelope shmSlot. */
        public shmSlot?: (mygpt.IShmSlot|null);

        /** Envelope body. */
        public body?: ("hello"|"welcome"|"refuse"|"start"|"heartbeat"|"stepReport"|"shutdown"|"done"|"failure"|"chunk"|"abort"|"ringHello"|"ringProof"|"shmOffer"|"shmAnswer"|"shmSlot");

        /**
         * Creates a new Envelope instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Envelope instance
         */
        public static create(properties?: mygpt.IEnvelope): mygpt.Envelope;

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link mygpt.Envelope.verify|verify} messages.
         * @param m Envelope message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        public static encode(m: mygpt.IEnvelope, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Envelope message, length delimited. Does not implicitly {@link mygpt.Envelope.verify|verify} messages.
         * @param message Envelope message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encodeDelimited(message: mygpt.IEnvelope, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): mygpt.Envelope;

        /**
         * Decodes an Envelope message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): mygpt.Envelope;

        /**
         * Verifies an Envelope message.
         * @param m Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        public static verify(m: { [k: string]: any }): (string|null);

        /**
         * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
         * @param d Plain object
         * @returns Envelope
         */
        public static fromObject(d: { [k: string]: any }): mygpt.Envelope;

        /**
         * Creates a plain object from an Envelope message. Also converts values to other types if specified.
         * @param m Envelope
         * @param [o] Conversion options
         * @returns Plain object
         */
        public static toObject(m: mygpt.Envelope, o?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Envelope to JSON.
         * @returns JSON object
         */
        public toJSON(): { [k: string]: any };

        /**
         * Gets the default type url for Envelope
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }
}
