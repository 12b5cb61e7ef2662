import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors, DomainError, ErrorCode } from '@app/core';
import { Permission, RequirePermission } from '@app/org';
import {
  ASSIGNMENT_EVENT_ROLES,
  ASSIGNMENT_MACHINE_VERSION,
  assignmentMachine,
  machineGraph,
  PLAN_EVENT_ROLES,
  PLAN_MACHINE_VERSION,
  planMachine,
  REPORT_EVENT_ROLES,
  REPORT_MACHINE_VERSION,
  reportMachine,
  type MachineGraph,
} from '@app/workflow';

class MachineStateDto {
  @ApiProperty({ example: 'draft.editing', description: 'The dotted path that `state` fields use' }) path: string;
  @ApiProperty({ nullable: true, type: String, example: 'draft' }) parent: string | null;
  @ApiProperty({ description: 'The state its parent (or the machine) enters first' }) initial: boolean;
  @ApiProperty() final: boolean;
}

class MachineTransitionDto {
  @ApiProperty({ example: 'draft.submitted', description: 'A state, or a parent state for an event every state inside it accepts' }) source: string;
  @ApiProperty({ example: 'issued' }) target: string;
  @ApiProperty({ example: 'ISSUE' }) event: string;
  @ApiProperty({ description: 'Taken only when the guard holds' }) guarded: boolean;
  @ApiProperty({ description: 'Recorded without a change of state' }) internal: boolean;
  @ApiProperty({ type: [String], example: ['secretary'], description: 'Workflow roles that may send it; `system` is the server' }) senders: string[];
}

class MachineGraphDto {
  @ApiProperty({ enum: ['plan', 'assignment', 'report'] }) machine: string;
  @ApiProperty({ description: 'The current version; subjects record the version they run on' }) version: number;
  @ApiProperty({ type: [MachineStateDto] }) states: MachineStateDto[];
  @ApiProperty({ type: [MachineTransitionDto] }) transitions: MachineTransitionDto[];
}

const GRAPHS: Record<string, MachineGraph> = {
  plan: machineGraph(planMachine, PLAN_MACHINE_VERSION, PLAN_EVENT_ROLES),
  assignment: machineGraph(assignmentMachine, ASSIGNMENT_MACHINE_VERSION, ASSIGNMENT_EVENT_ROLES),
  report: machineGraph(reportMachine, REPORT_MACHINE_VERSION, REPORT_EVENT_ROLES),
};

/** The lifecycles as diagrams: the web app draws them, with the path a subject took from its history. */
@ApiTags('workflows')
@ApiErrors(ErrorCode.UNAUTHENTICATED)
@Controller('workflows')
export class WorkflowsController {
  @Get(':machine')
  @RequirePermission(Permission.PlanRead, 'A lifecycle drawn from its state machine: states, transitions and who sends each event')
  @ApiParam({ name: 'machine', enum: Object.keys(GRAPHS) })
  @ApiOkResponse({ type: MachineGraphDto })
  @ApiErrors(ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND)
  graph(@Param('machine') machine: string): MachineGraph {
    if (!Object.hasOwn(GRAPHS, machine)) throw DomainError.notFound('Workflow');
    return GRAPHS[machine];
  }
}
