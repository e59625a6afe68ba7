import { mayCall } from '../../api/page-access'
import { teamSession } from '../../api/team-session'

/**
 * On a team server, the training page of anyone but a trainer (who may list the trainees) is "My
 * training": their own record only (training.mine), with no trainee picker and none of the trainers'
 * controls. Browser mode and the desktop app have nobody signed in and keep the trainer's page.
 */
export function seesOwnTrainingOnly(): boolean {
  return !!teamSession.user && !mayCall('trainees.list')
}
